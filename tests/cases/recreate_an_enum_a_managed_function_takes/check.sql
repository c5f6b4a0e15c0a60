SELECT pg_catalog.array_to_string(pg_catalog.enum_range(NULL::mood), ',');
SELECT cheer('sad')::text, how_many('sad'), how_many('happy');
