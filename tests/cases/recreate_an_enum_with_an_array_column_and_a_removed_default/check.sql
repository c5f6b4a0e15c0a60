SELECT pg_catalog.array_to_string(pg_catalog.enum_range(NULL::mood), ',');
SELECT feeling::text, history::text, count(*) FROM people GROUP BY 1, 2 ORDER BY 1;
SELECT pg_catalog.pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = 'people'::regclass ORDER BY adnum;
