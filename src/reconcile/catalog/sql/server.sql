-- Server facts: version decides what the spec may ask (NULLS NOT DISTINCT needs 15).
SELECT pg_catalog.current_setting('server_version_num')::int AS version_num,
       pg_catalog.current_database() AS database
