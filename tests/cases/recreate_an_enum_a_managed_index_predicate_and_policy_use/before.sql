CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL);
INSERT INTO people SELECT g, CASE WHEN g % 2 = 0 THEN 'sad' ELSE 'happy' END::mood FROM generate_series(1, 6) g;
CREATE INDEX people_sad ON people (id) WHERE feeling = 'sad';
ALTER TABLE people ENABLE ROW LEVEL SECURITY;
CREATE POLICY not_sad ON people USING (feeling <> 'sad');
