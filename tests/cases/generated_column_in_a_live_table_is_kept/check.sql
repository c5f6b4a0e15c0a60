SELECT id, full_name, note FROM people ORDER BY id;
