CREATE DOMAIN code AS varchar(5) CHECK (VALUE <> '');
CREATE TABLE items (id integer PRIMARY KEY, code code NOT NULL, old_codes code[] DEFAULT '{}');
INSERT INTO items SELECT g, 'C' || g, ARRAY['X' || g]::code[] FROM generate_series(1, 5) g;
CREATE VIEW item_codes AS SELECT id, code FROM items;
