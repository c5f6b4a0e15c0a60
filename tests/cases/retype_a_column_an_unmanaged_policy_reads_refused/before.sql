-- the spec says nothing about row-level security on docs: its policy is not managed
CREATE TABLE docs (id integer PRIMARY KEY, level integer NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY low_levels ON docs FOR SELECT USING (level < 3);
