CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, updated_at timestamptz);
INSERT INTO items VALUES (1, 'a', NULL), (2, 'b', NULL);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated_at := '2025-01-01 00:00:00+00'; RETURN NEW; END$$;
CREATE TRIGGER items_touch BEFORE UPDATE ON items FOR EACH ROW EXECUTE FUNCTION touch();
