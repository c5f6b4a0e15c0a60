-- orders: list-partitioned by region, with a key, an index, a CHECK and a foreign key; orders_asia a
-- plain table with rows (the same columns), to become its partition
CREATE TABLE customers (id bigint PRIMARY KEY);
INSERT INTO customers SELECT g FROM generate_series(1, 10) g;
CREATE TABLE orders (
  id bigint NOT NULL, region text NOT NULL, total numeric, customer_id bigint,
  PRIMARY KEY (id, region),
  CONSTRAINT orders_total_check CHECK (total >= 0),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) PARTITION BY LIST (region);
CREATE INDEX orders_total_idx ON orders (total);
CREATE TABLE orders_eu PARTITION OF orders FOR VALUES IN ('eu');
INSERT INTO orders SELECT g, 'eu', g, 1 + g % 10 FROM generate_series(1, 100) g;
CREATE TABLE orders_asia (id bigint NOT NULL, region text NOT NULL, total numeric, customer_id bigint);
INSERT INTO orders_asia SELECT g, 'asia', g, 1 + g % 10 FROM generate_series(101, 300) g;

-- an earlier attach was interrupted: the bound's CHECK validated, the index built, an INVALID key build
ALTER TABLE orders_asia ADD CONSTRAINT orders_asia_reconcile_bound CHECK (region IS NOT NULL AND region IN ('asia'));
CREATE INDEX orders_asia_orders_total_idx ON orders_asia (total);
CREATE UNIQUE INDEX orders_asia_orders_pkey ON orders_asia (id, region);
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'orders_asia_orders_pkey'::regclass;
