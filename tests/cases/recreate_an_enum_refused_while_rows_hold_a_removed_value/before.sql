CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL DEFAULT 'happy');
INSERT INTO people SELECT g, CASE WHEN g % 3 = 0 THEN 'meh' ELSE 'happy' END::mood FROM generate_series(1, 6) g;
