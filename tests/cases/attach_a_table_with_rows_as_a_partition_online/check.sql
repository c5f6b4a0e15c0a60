-- orders_asia is a partition with the parent's index, key, CHECK (once: merged) and foreign key, each
-- inherited; the bound's helper CHECK is gone; no row lost
SELECT c.relname, i.indisvalid, p.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  JOIN pg_inherits h ON h.inhrelid = i.indexrelid JOIN pg_class p ON p.oid = h.inhparent
  WHERE i.indrelid = 'orders_asia'::regclass ORDER BY 1;
SELECT conname, contype, convalidated, conislocal, coninhcount, conparentid <> 0 FROM pg_constraint
  WHERE conrelid = 'orders_asia'::regclass AND contype <> 'n' ORDER BY 1;
SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'orders_asia';
SELECT count(*) FROM orders WHERE region = 'asia';
