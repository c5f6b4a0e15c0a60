CREATE TABLE items (id integer PRIMARY KEY, price numeric(10,2) NOT NULL, qty integer NOT NULL);
INSERT INTO items SELECT g, g, g FROM generate_series(1, 3) g;
