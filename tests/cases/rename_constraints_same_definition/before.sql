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
-- the spec wants the same constraints under other names (an ORM's naming against PostgreSQL's)
CREATE TABLE owners (id integer PRIMARY KEY);
INSERT INTO owners SELECT g FROM generate_series(1, 3) g;
ALTER TABLE items ADD COLUMN owner_id integer;
UPDATE items SET owner_id = 1 + id % 3;
ALTER TABLE items ADD CONSTRAINT items_owner_id_owners_id_fk FOREIGN KEY (owner_id) REFERENCES owners (id) ON DELETE CASCADE;
ALTER TABLE items ADD CONSTRAINT qty_positive CHECK (qty > 0);
ALTER TABLE items ADD CONSTRAINT items_code_unique UNIQUE (code);
