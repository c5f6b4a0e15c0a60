-- Indexes of the table with the constraint (if any) each one implements; primary key first.
SELECT c2.relname AS name, i.indisprimary, i.indisunique, i.indisclustered, i.indisvalid,
       pg_catalog.pg_get_indexdef(i.indexrelid, 0, true) AS indexdef,
       pg_catalog.pg_get_constraintdef(con.oid, true) AS condef,
       con.contype, con.condeferrable, con.condeferred, i.indisreplident, c2.reltablespace
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c2 ON c2.oid = i.indexrelid
LEFT JOIN pg_catalog.pg_constraint con
       ON con.conrelid = i.indrelid AND con.conindid = i.indexrelid AND con.contype IN ('p', 'u', 'x')
WHERE i.indrelid = %(oid)s::pg_catalog.oid
ORDER BY i.indisprimary DESC, c2.relname
