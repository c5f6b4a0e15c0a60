-- The given schemas other than public that exist: kind, schema, name (a schema is its own schema).
SELECT 'namespace' AS kind, n.nspname AS schema, n.nspname AS name
FROM pg_catalog.pg_namespace n
WHERE n.nspname = ANY(%(schemas)s::pg_catalog.text[]) AND n.nspname <> 'public'
ORDER BY 2, 3
