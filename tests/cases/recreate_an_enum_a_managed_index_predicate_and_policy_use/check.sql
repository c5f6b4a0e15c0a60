SELECT pg_catalog.pg_get_indexdef('people_sad'::regclass);
SELECT pg_catalog.pg_get_expr(polqual, polrelid) FROM pg_policy WHERE polname = 'not_sad';
SELECT pg_catalog.array_to_string(pg_catalog.enum_range(NULL::mood), ',');
