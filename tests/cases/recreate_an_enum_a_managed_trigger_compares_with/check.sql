UPDATE people SET feeling = 'sad' WHERE id = 1;
SELECT id, cheered FROM people ORDER BY id;
SELECT pg_catalog.pg_get_triggerdef(oid) FROM pg_trigger WHERE tgname = 'people_cheer';
