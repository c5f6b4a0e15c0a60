-- customers and their orders; no foreign key yet
CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, total numeric(10,2));
INSERT INTO customers SELECT g, 'customer ' || g FROM generate_series(1, 3) g;
INSERT INTO orders SELECT g, 1 + g % 3, g * 10 FROM generate_series(1, 9) g;
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE CASCADE;
