SELECT id, (home).street, (home).city FROM people;
SELECT pg_catalog.string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'address'::regclass AND attnum > 0 AND NOT attisdropped;
