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
-- objects the spec does not declare, all outside the managed scope by the project file's rules
ALTER TABLE items ADD COLUMN legacy_flag boolean DEFAULT false;
CREATE INDEX items_code_reconcile_scratch ON items (code);
CREATE INDEX items_legacy_flag_idx ON items (legacy_flag);
ALTER TABLE items ADD CONSTRAINT ops_qty_sane CHECK (qty < 1000000);
