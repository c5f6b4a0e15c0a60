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
-- a table of the managed scope (schema public, by reconcile.yaml) that the spec no longer has
CREATE TABLE old_items (id serial PRIMARY KEY, item_id integer REFERENCES items (id), label text);
INSERT INTO old_items (item_id, label) SELECT g, 'old ' || g FROM generate_series(1, 10) g;
CREATE INDEX old_items_label_idx ON old_items (label);
-- and one the project file leaves out of scope
CREATE TABLE tmp_scratch (n integer);
