CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL DEFAULT 'meh', history mood[] NOT NULL DEFAULT '{}');
INSERT INTO people SELECT g, CASE WHEN g % 2 = 0 THEN 'sad' ELSE 'happy' END::mood, ARRAY['sad', 'happy']::mood[]
FROM generate_series(1, 6) g;
