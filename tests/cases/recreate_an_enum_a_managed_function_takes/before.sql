CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL);
INSERT INTO people SELECT g, CASE WHEN g % 2 = 0 THEN 'sad' ELSE 'happy' END::mood FROM generate_series(1, 4) g;
CREATE FUNCTION cheer(m mood) RETURNS mood LANGUAGE sql IMMUTABLE AS $$SELECT 'happy'::mood$$;
CREATE FUNCTION how_many(m mood) RETURNS bigint LANGUAGE sql STABLE BEGIN ATOMIC SELECT count(*) FROM people WHERE feeling = m; END;
