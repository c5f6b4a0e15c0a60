-- Relation-level facts that decide which sections \d prints.
SELECT c.relkind, c.relpersistence, c.relchecks, c.relhasindex, c.relhasrules, c.relhastriggers,
       c.relrowsecurity, c.relforcerowsecurity, c.relispartition, c.reltablespace, c.reloftype,
       EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid) AS has_policies,
       EXISTS (SELECT 1 FROM pg_catalog.pg_statistic_ext s WHERE s.stxrelid = c.oid) AS has_statistics,
       EXISTS (SELECT 1 FROM pg_catalog.pg_inherits i
               WHERE i.inhrelid = c.oid OR i.inhparent = c.oid) AS has_inheritance
FROM pg_catalog.pg_class c
WHERE c.oid = %(oid)s::pg_catalog.oid
