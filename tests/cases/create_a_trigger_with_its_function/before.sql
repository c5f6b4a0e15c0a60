CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, updated_at timestamptz);
INSERT INTO items VALUES (1, 'a', NULL), (2, 'b', NULL);
