-- The live index and the probe, each definition from USING on (names differ, shape must not).
SELECT c.relname AS name,
       i.indisunique AND i.indisvalid AS usable,
       regexp_replace(pg_get_indexdef(i.indexrelid), '^.*? USING ', '') AS shape
FROM pg_index i
JOIN pg_class c ON c.oid = i.indexrelid
WHERE (i.indrelid = %(table)s::regclass AND c.relname = 'usage_admin_bucket_idx')
   OR i.indexrelid = 'pg_temp.parity_index_probe_idx'::regclass
