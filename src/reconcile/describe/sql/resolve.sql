-- The relation a psql-style name denotes: schema-qualified, or the first visible on search_path.
-- %(schema)s is NULL for an unqualified name.
SELECT c.oid, n.nspname, c.relname
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relname = %(name)s::pg_catalog.text
  AND CASE WHEN %(schema)s::pg_catalog.text IS NULL THEN pg_catalog.pg_table_is_visible(c.oid)
           ELSE n.nspname = %(schema)s::pg_catalog.text END
ORDER BY n.nspname, c.relname
