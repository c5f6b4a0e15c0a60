-- The target's own functions with the names the spec calls: their signatures, so the dev database
-- can hold a stub of each (the body never runs there and is not copied).
SELECT n.nspname AS schema, p.proname AS name,
       pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
       pg_catalog.pg_get_function_result(p.oid) AS result,
       p.provolatile AS volatility,
       (p.proretset OR p.prorettype = 'pg_catalog.void'::pg_catalog.regtype
        OR coalesce(p.proargmodes && ARRAY['o', 'b', 't']::pg_catalog."char"[], false)) AS bare_return
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
WHERE p.proname = ANY(%(functions)s::pg_catalog.text[])
  AND p.prokind = 'f'
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                  WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')
ORDER BY p.oid
