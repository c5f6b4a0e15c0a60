-- the parent's index is valid and every leaf has its attached copy; no row lost
SELECT c.relname, i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE c.relname LIKE '%measurements_sensor_idx%' ORDER BY 1;
SELECT count(*) FROM measurements;
