-- What usage_admin_bucket_idx must look like, as this server spells it: built on an empty copy of
-- the table inside a transaction the caller rolls back.
CREATE TEMP TABLE pg_temp.parity_index_probe (LIKE {table});
CREATE UNIQUE INDEX parity_index_probe_idx ON pg_temp.parity_index_probe ({bucket_key})
  WHERE window_start IS NOT NULL
