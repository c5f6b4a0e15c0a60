SELECT pg_catalog.format_type(typbasetype, typtypmod) FROM pg_type WHERE typname = 'code';
SELECT count(*), pg_catalog.max(code) FROM item_codes;
SELECT old_codes::text FROM items WHERE id = 1;
SELECT count(*) FROM pg_type WHERE typname LIKE '%reconcile_old%';
