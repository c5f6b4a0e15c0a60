-- orders: list-partitioned, rows in both partitions, no keys yet; cust: the referenced table
CREATE TABLE cust (id integer PRIMARY KEY);
INSERT INTO cust VALUES (1), (2);
CREATE TABLE orders (id bigint NOT NULL, region text NOT NULL, total numeric, cust integer) PARTITION BY LIST (region);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
INSERT INTO orders SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g, 1 + g % 2 FROM generate_series(1, 100) g;
