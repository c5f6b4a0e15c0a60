-- detached: a table of its own with all its rows; the parent reads the other partition only
SELECT count(*) FROM orders;
SELECT count(*), relispartition FROM orders_us, pg_class WHERE oid = 'orders_us'::regclass GROUP BY 2;
