-- Server facts: version decides what the spec may ask (NULLS NOT DISTINCT needs 15).
SELECT current_setting('server_version_num')::int AS version_num,
       current_database() AS database
