-- orders: range-partitioned by day, with an index, a CHECK and a foreign key; orders_2026 a plain
-- table with rows that already has the index (another name), the CHECK (another name, once under the
-- parent's name too but NOT VALID) and the foreign key (another name): renamed, validated or adopted
CREATE TABLE customers (id bigint PRIMARY KEY);
INSERT INTO customers SELECT g FROM generate_series(1, 10) g;
CREATE TABLE orders (
  id bigint NOT NULL, placed date NOT NULL, total numeric, customer_id bigint,
  CONSTRAINT orders_total_check CHECK (total >= 0),
  CONSTRAINT orders_id_check CHECK (id > 0),
  CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)
) PARTITION BY RANGE (placed);
CREATE INDEX orders_total_idx ON orders (total);
CREATE TABLE orders_2025 PARTITION OF orders FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
INSERT INTO orders SELECT g, DATE '2025-01-01' + g, g, 1 + g % 10 FROM generate_series(1, 100) g;
CREATE TABLE orders_2026 (id bigint NOT NULL, placed date NOT NULL, total numeric, customer_id bigint,
  CONSTRAINT total_not_negative CHECK (total >= 0),
  CONSTRAINT cust_fk FOREIGN KEY (customer_id) REFERENCES customers (id));
CREATE INDEX orders_2026_total ON orders_2026 (total);
INSERT INTO orders_2026 SELECT g, DATE '2026-01-01' + g % 300, g, 1 + g % 10 FROM generate_series(101, 300) g;
ALTER TABLE orders_2026 ADD CONSTRAINT orders_id_check CHECK (id > 0) NOT VALID;
