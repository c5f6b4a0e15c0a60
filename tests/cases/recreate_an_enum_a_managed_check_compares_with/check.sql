SELECT pg_catalog.pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'people_not_sad';
SELECT count(*) FROM people WHERE feeling = 'happy';
