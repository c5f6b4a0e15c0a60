CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, qty integer CONSTRAINT items_qty_positive CHECK (qty > 0));
CREATE INDEX items_name_idx ON items (name);
INSERT INTO items VALUES (1, 'a', 1), (2, 'b', 2);
COMMENT ON TABLE items IS 'old table comment';
COMMENT ON COLUMN items.qty IS 'left alone: the spec is silent about it';
COMMENT ON COLUMN items.name IS 'removed: the spec says comment: null';
