CREATE TYPE feeling AS ENUM ('sad', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling feeling NOT NULL DEFAULT 'happy', history feeling[] NOT NULL DEFAULT ARRAY['sad']::feeling[],
    CONSTRAINT people_not_meh CHECK (feeling <> 'sad'::feeling OR id > 0));
CREATE INDEX people_sad_idx ON people (id) WHERE feeling = 'sad'::feeling;
INSERT INTO people SELECT g, CASE WHEN g % 2 = 0 THEN 'sad' ELSE 'happy' END::feeling FROM generate_series(1, 6) g;
