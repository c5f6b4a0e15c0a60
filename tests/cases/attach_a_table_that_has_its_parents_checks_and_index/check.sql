-- orders_2026 is a partition with the parent's index, key, CHECK (once: merged) and foreign key, each
-- inherited; the bound's helper CHECK is gone; no row lost
SELECT c.relname, i.indisvalid, p.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  JOIN pg_inherits h ON h.inhrelid = i.indexrelid JOIN pg_class p ON p.oid = h.inhparent
  WHERE i.indrelid = 'orders_2026'::regclass ORDER BY 1;
SELECT conname, contype, convalidated, conislocal, coninhcount, conparentid <> 0 FROM pg_constraint
  WHERE conrelid = 'orders_2026'::regclass AND contype <> 'n' ORDER BY 1;
SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'orders_2026';
SELECT count(*) FROM orders WHERE placed >= '2026-01-01';
