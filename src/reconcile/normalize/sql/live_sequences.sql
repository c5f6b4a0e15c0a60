-- The target's sequences with the names the spec's defaults pass to nextval() and friends: a
-- default's regclass literal must resolve when the spec is built in the dev database.
SELECT n.nspname AS schema, c.relname AS name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind = 'S' AND c.relname = ANY(%(sequences)s::pg_catalog.text[])
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
ORDER BY c.oid
