-- The live index and the probe, each definition from USING on (names differ, shape must not).
SELECT c.relname AS name,
       i.indisunique AND i.indisvalid AS usable,
       pg_catalog.regexp_replace(pg_catalog.pg_get_indexdef(i.indexrelid), '^.*? USING ', '') AS shape
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class c ON c.oid = i.indexrelid
WHERE (i.indrelid = %(table)s::pg_catalog.regclass AND c.relname = 'usage_admin_bucket_idx')
   OR i.indexrelid = 'pg_temp.parity_index_probe_idx'::pg_catalog.regclass
