CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL DEFAULT 'happy',
    CONSTRAINT people_not_sad CHECK (feeling <> 'sad'::mood OR id > 0));
INSERT INTO people SELECT g, 'happy' FROM generate_series(1, 3) g;
