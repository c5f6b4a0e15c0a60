-- The managed tables: (schema, name) pairs -> oid.
SELECT c.oid, want.schema, want.name
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
  AS want(schema, name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema
JOIN pg_catalog.pg_class c ON c.relname = want.name AND c.relnamespace = n.oid AND c.relkind IN ('r', 'p')
ORDER BY want.schema, want.name
