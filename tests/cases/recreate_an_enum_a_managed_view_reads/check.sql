SELECT pg_catalog.array_to_string(pg_catalog.enum_range(NULL::mood), ',');
SELECT n FROM sad_count;
SELECT pg_catalog.format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'sad_people'::regclass AND attname = 'feeling';
