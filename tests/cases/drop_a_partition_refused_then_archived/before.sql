-- orders: list-partitioned by region, two partitions with rows; the scope is the whole schema
CREATE TABLE orders (id bigint NOT NULL, region text NOT NULL, total numeric, PRIMARY KEY (id, region))
  PARTITION BY LIST (region);
CREATE INDEX orders_total_idx ON orders (total);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
CREATE TABLE orders_us PARTITION OF orders FOR VALUES IN ('us');
INSERT INTO orders SELECT g, CASE WHEN g % 2 = 0 THEN 'eu' ELSE 'us' END, g FROM generate_series(1, 100) g;
