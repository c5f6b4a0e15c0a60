-- every index is valid and attached to its parent's; no row lost
SELECT c.relname, i.indisvalid, coalesce(p.relname, '-') FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  LEFT JOIN pg_inherits h ON h.inhrelid = i.indexrelid LEFT JOIN pg_class p ON p.oid = h.inhparent
  WHERE c.relname LIKE '%measurements_sensor_idx%' ORDER BY 1;
SELECT count(*) FROM measurements;
