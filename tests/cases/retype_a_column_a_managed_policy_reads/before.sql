CREATE TABLE docs (id integer PRIMARY KEY, level integer NOT NULL);
INSERT INTO docs SELECT g, g FROM generate_series(1, 5) g;
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY low_levels ON docs FOR SELECT USING (level < 3);
