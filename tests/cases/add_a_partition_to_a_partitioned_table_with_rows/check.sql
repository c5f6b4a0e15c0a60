-- the new partition inherited the parent's index and primary key
SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
  WHERE i.indrelid = 'orders_asia'::regclass ORDER BY 1;
SELECT count(*) FROM orders;
