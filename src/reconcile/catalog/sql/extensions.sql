-- Extensions among the given names (an extension's name is unique in the database): the schema it
-- is installed in and its version.
SELECT n.nspname AS schema, e.extname AS name, e.extversion AS version
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = ANY(%(names)s::pg_catalog.text[])
ORDER BY 2
