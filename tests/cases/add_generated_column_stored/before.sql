-- items: five rows with a price and a quantity
CREATE TABLE items (id integer PRIMARY KEY, price numeric(10,2) NOT NULL, qty integer NOT NULL);
INSERT INTO items SELECT g, g * 1.5, g FROM generate_series(1, 5) g;
