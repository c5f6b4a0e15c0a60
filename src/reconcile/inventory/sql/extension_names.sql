-- Extensions installed in the given schemas (plpgsql, always there, left out): kind, schema, name.
SELECT 'extension' AS kind, n.nspname AS schema, e.extname AS name
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE n.nspname = ANY(%(schemas)s::pg_catalog.text[]) AND e.extname <> 'plpgsql'
ORDER BY 2, 3
