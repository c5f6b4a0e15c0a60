-- Foreign keys declared on the table itself, by name.
SELECT r.conname, pg_catalog.pg_get_constraintdef(r.oid, true) AS condef
FROM pg_catalog.pg_constraint r
WHERE r.conrelid = %(oid)s::pg_catalog.oid AND r.contype = 'f' AND r.conparentid = 0
ORDER BY r.conname
