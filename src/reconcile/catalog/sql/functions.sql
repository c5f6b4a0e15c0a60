-- Functions and procedures among (schema, name) pairs, as PostgreSQL renders them: the whole
-- definition, the identity arguments (what DROP needs), the arguments with defaults, the result.
SELECT
    n.nspname AS schema,
    p.proname AS name,
    p.prokind::pg_catalog.text AS prokind,
    pg_catalog.pg_get_functiondef(p.oid) AS definition,
    pg_catalog.pg_get_function_identity_arguments(p.oid) AS identity,
    pg_catalog.pg_get_function_arguments(p.oid) AS arguments,
    COALESCE(pg_catalog.pg_get_function_result(p.oid), '') AS result
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[])) AS want (schema_name, fn_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
JOIN pg_catalog.pg_proc p ON p.pronamespace = n.oid AND p.proname = want.fn_name
WHERE p.prokind = %(prokind)s
ORDER BY 1, 2
