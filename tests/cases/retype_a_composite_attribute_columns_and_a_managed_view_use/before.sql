CREATE TYPE address AS (street text, zip varchar(5));
CREATE TABLE people (id integer PRIMARY KEY, home address, old_homes address[] DEFAULT '{}');
INSERT INTO people VALUES (1, ROW('Main St, "3"', '12345'), ARRAY[ROW('Elm', '1')::address]), (2, NULL, NULL),
    (3, ROW(NULL, NULL), '{}');
CREATE VIEW zips AS SELECT id, (home).zip AS zip FROM people;
