-- Objects and properties a spec cannot express yet: import lists each one on stderr and exits 2.
CREATE EXTENSION IF NOT EXISTS btree_gist;
CREATE TYPE mood AS ENUM ('ok', 'sad');
CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
CREATE TABLE people (
  id serial PRIMARY KEY,
  name text COLLATE "C" NOT NULL,
  m mood,
  p posint,
  doubled integer GENERATED ALWAYS AS (id * 2) STORED,
  span tsrange,
  EXCLUDE USING gist (span WITH &&)
);
ALTER TABLE people ALTER COLUMN name SET STATISTICS 500;
ALTER TABLE people ALTER COLUMN name SET (n_distinct = 100);
COMMENT ON TABLE people IS 'humans';
COMMENT ON COLUMN people.name IS 'their name';
COMMENT ON CONSTRAINT people_pkey ON people IS 'imported without it';
CREATE VIEW people_v AS SELECT id, name FROM people;
CREATE MATERIALIZED VIEW people_mv AS SELECT id FROM people;
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
CREATE TRIGGER people_touch BEFORE UPDATE ON people FOR EACH ROW EXECUTE FUNCTION touch();
CREATE SEQUENCE standalone_seq;
CREATE TABLE measurements (at date NOT NULL, v int) PARTITION BY RANGE (at);
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
CREATE POLICY people_self ON people USING (true);
CREATE UNLOGGED TABLE scratch (k int) WITH (fillfactor = 70);
CREATE TABLE renamed (id serial, c int CHECK (c > 0) NO INHERIT, d int NOT NULL);
ALTER TABLE renamed ADD CONSTRAINT renamed_pk PRIMARY KEY (id);
ALTER TABLE renamed ADD CONSTRAINT c_pos2 CHECK (c > 1) NOT VALID;
ALTER SEQUENCE renamed_id_seq INCREMENT BY 5;
CREATE INDEX renamed_c ON renamed (c) WITH (fillfactor = 50);
CREATE TABLE other_seq (id integer NOT NULL DEFAULT nextval('standalone_seq'));
CREATE TABLE child (extra int) INHERITS (scratch);
CREATE STATISTICS people_stats ON id, name FROM people;
GRANT SELECT ON people TO public;
CREATE TABLE nocols ();
