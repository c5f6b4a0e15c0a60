-- Views and materialized views in the given schemas that no extension owns: kind, schema, name.
SELECT CASE c.relkind WHEN 'v' THEN 'view' ELSE 'materialized_view' END AS kind, n.nspname AS schema, c.relname AS name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s::pg_catalog.text[]) AND c.relkind IN ('v', 'm')
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e'
  )
ORDER BY 2, 3
