SELECT count(*) FROM notes;
SELECT count(*) FROM pg_attribute WHERE attrelid = 'notes'::regclass AND attnum > 0;
