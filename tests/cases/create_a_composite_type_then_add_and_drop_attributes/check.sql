INSERT INTO people VALUES (1, ROW('Main St 1', '12345'));
SELECT id, (home).street, (home).zip FROM people;
