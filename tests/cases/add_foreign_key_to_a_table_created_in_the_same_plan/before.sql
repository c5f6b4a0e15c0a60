-- orders exists; customers does not yet
CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, total numeric(10,2));
