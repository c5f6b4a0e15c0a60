SELECT extname, extversion FROM pg_extension WHERE extname IN ('hstore', 'cube', 'plpgsql') ORDER BY 1;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attnum > 0 ORDER BY attnum;
