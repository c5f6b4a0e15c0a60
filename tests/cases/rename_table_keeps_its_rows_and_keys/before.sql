-- owners is renamed to accounts; items references it
CREATE TABLE owners (id integer PRIMARY KEY, name text NOT NULL);
INSERT INTO owners SELECT g, 'owner ' || g FROM generate_series(1, 5) g;
CREATE INDEX owners_name_idx ON owners (name);
CREATE TABLE items (id integer PRIMARY KEY, owner_id integer NOT NULL REFERENCES owners (id));
INSERT INTO items SELECT g, 1 + g % 5 FROM generate_series(1, 20) g;
CREATE TABLE rows_before AS SELECT count(*) AS n, md5(string_agg(id || name, ',' ORDER BY id)) AS sum FROM owners;
