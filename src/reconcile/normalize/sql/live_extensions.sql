-- The target's extensions (but plpgsql, always there), reproduced in the dev database so the
-- spec's types, operator classes and functions from them resolve there as on the target.
SELECT e.extname AS name, n.nspname AS schema, e.extversion AS version
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'
ORDER BY e.oid
