SELECT pg_catalog.array_to_string(pg_catalog.enum_range(NULL::mood), ',');
SELECT feeling::text, count(*) FROM people GROUP BY 1 ORDER BY 1;
