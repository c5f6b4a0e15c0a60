SELECT id, home::text, home IS NULL, old_homes::text FROM people ORDER BY id;
SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'zips'::regclass AND attname = 'zip';
SELECT count(*) FROM pg_type WHERE typname LIKE '%reconcile_old';
