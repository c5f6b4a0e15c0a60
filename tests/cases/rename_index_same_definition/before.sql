-- items: ten rows; code set on all, note on the even ids only
CREATE TABLE items (
  id integer PRIMARY KEY,
  name text NOT NULL,
  code varchar(20),
  price numeric(10,2),
  qty integer DEFAULT 1,
  note text
);
INSERT INTO items (id, name, code, price, qty, note)
  SELECT g, 'item ' || g, 'C' || g, g * 1.5, g, CASE WHEN g % 2 = 0 THEN 'note ' || g END
  FROM generate_series(1, 10) g;
-- the spec wants the same partial unique index under another name
CREATE UNIQUE INDEX items_code_uq ON items (code) WHERE qty > 0;
CREATE TABLE index_before AS SELECT relfilenode FROM pg_class WHERE relname = 'items_code_uq';
