CREATE TYPE feeling AS ENUM ('sad', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling feeling NOT NULL DEFAULT 'happy');
INSERT INTO people SELECT g, CASE WHEN g % 2 = 0 THEN 'sad' ELSE 'happy' END::feeling FROM generate_series(1, 6) g;
