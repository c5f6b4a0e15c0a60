CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL);
INSERT INTO people SELECT g, 'happy' FROM generate_series(1, 3) g;
CREATE VIEW feelings AS SELECT id, feeling FROM people;
