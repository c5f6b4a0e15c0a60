-- Foreign keys of other tables (or of this one) that point at the table, by name.
SELECT c.conname, c.conrelid::pg_catalog.regclass::pg_catalog.text AS ontable,
       pg_catalog.pg_get_constraintdef(c.oid, true) AS condef
FROM pg_catalog.pg_constraint c
WHERE c.confrelid IN (SELECT pg_catalog.pg_partition_ancestors(%(oid)s::pg_catalog.oid)
                      UNION ALL VALUES (%(oid)s::pg_catalog.oid::pg_catalog.regclass))
  AND c.contype = 'f' AND c.conparentid = 0
ORDER BY c.conname
