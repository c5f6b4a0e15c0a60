-- the actions work: deleting customer 1 empties its orders' customer_id
DELETE FROM customers WHERE id = 1;
SELECT count(*) FILTER (WHERE customer_id IS NULL) AS orphaned, count(*) FROM orders;
