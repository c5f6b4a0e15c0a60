CREATE DOMAIN quantity AS integer DEFAULT 1 CONSTRAINT quantity_positive CHECK (VALUE > 0);
CREATE DOMAIN code AS text NOT NULL;
CREATE TABLE lines (id integer PRIMARY KEY, qty quantity, sku code);
INSERT INTO lines VALUES (1, 5, 'a'), (2, 200, 'b');
