CREATE TABLE items (id bigint PRIMARY KEY, price numeric NOT NULL);
INSERT INTO items VALUES (1, 10), (2, 20);
CREATE FUNCTION with_tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT amount * 1.1';
