-- Every name a session sees in the given schemas, by namespace kind: relations and types (one
-- namespace: a table is also a type), and constraints (implicit names avoid any in the schema).
SELECT 'relation' AS kind, n.nspname AS schema, c.relname AS name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s)
UNION ALL
SELECT 'relation', n.nspname, t.typname
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE n.nspname = ANY(%(schemas)s)
UNION ALL
SELECT 'constraint', n.nspname, o.conname
FROM pg_catalog.pg_constraint o
JOIN pg_catalog.pg_namespace n ON n.oid = o.connamespace
WHERE n.nspname = ANY(%(schemas)s)
