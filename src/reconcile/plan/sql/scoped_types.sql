-- Whether every column type a scoped plan's tables use (plan/scoped.py) is one of the system's own:
-- a type of the spec or an extension ties the table to another object, so the full plan runs.
SELECT COALESCE(pg_catalog.bool_and(COALESCE(pg_catalog.to_regtype(t)::pg_catalog.oid < 16384, false)), true)
FROM pg_catalog.unnest(%(types)s::pg_catalog.text[]) AS t
