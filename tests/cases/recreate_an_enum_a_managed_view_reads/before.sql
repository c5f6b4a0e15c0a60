CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL DEFAULT 'happy');
INSERT INTO people SELECT g, CASE WHEN g % 2 = 0 THEN 'sad' ELSE 'happy' END::mood FROM generate_series(1, 6) g;
CREATE VIEW sad_people AS SELECT id, feeling FROM people WHERE feeling = 'sad';
CREATE VIEW sad_count AS SELECT count(*) AS n FROM sad_people;
