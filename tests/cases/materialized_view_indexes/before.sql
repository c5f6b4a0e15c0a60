CREATE TABLE orders (id integer PRIMARY KEY, account_id integer NOT NULL, amount numeric NOT NULL);
INSERT INTO orders VALUES (1, 1, 10), (2, 1, 5), (3, 2, 7);
CREATE MATERIALIZED VIEW account_totals AS SELECT account_id, sum(amount) AS total FROM orders GROUP BY account_id;
