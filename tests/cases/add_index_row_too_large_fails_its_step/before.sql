-- items: eleven rows; the last name does not fit in a btree entry, so building the index fails (SQLSTATE 54000)
CREATE TABLE items (
  id integer PRIMARY KEY,
  name text NOT NULL,
  code varchar(20),
  price numeric(10,2),
  qty integer DEFAULT 1,
  note text
);
INSERT INTO items (id, name) SELECT g, 'item ' || g FROM generate_series(1, 10) g;
-- one name too large for a btree entry (incompressible: md5 digests, 12800 bytes)
INSERT INTO items (id, name) SELECT 11, string_agg(md5(g::text), '') FROM generate_series(1, 400) g;
