CREATE TYPE mood AS ENUM ('sad', 'meh', 'happy');
CREATE TABLE people (id integer PRIMARY KEY, feeling mood NOT NULL, cheered integer NOT NULL DEFAULT 0);
INSERT INTO people SELECT g, 'happy' FROM generate_series(1, 3) g;
CREATE FUNCTION cheer_up() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.cheered := NEW.cheered + 1; RETURN NEW; END$$;
CREATE TRIGGER people_cheer BEFORE UPDATE ON people FOR EACH ROW WHEN (NEW.feeling = 'sad') EXECUTE FUNCTION cheer_up();
