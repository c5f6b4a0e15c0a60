-- Domains in the given schemas that no extension owns: kind, schema, name.
SELECT 'domain' AS kind, n.nspname AS schema, t.typname AS name
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY(%(schemas)s::pg_catalog.text[]) AND t.typtype = 'd'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = t.oid AND d.deptype = 'e'
  )
ORDER BY 2, 3
