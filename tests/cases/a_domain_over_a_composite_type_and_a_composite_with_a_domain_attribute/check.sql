INSERT INTO orders VALUES (1, ROW('one', 5));
SELECT id, line FROM orders;
SELECT ROW(ROW('x', 2)::order_line, ARRAY[ROW('y', 3)::order_line])::a_part;
SELECT t.typname, t.typtype, pg_catalog.format_type(t.typbasetype, NULL) FROM pg_catalog.pg_type t
WHERE t.typname IN ('qty', 'order_line', 'checked_line', 'a_part') ORDER BY t.oid;
