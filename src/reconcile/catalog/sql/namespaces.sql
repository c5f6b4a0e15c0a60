-- Schemas among (schema, name) pairs (a schema's pair is its name twice).
SELECT n.nspname AS name
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
    AS want (schema_name, nsp_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.nsp_name AND want.schema_name = want.nsp_name
ORDER BY 1
