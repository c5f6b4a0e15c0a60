-- Columns usage_events has (NULL when the table itself is missing).
SELECT pg_catalog.array_agg(a.attname::pg_catalog.text) AS columns
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = pg_catalog.to_regclass(%(table)s) AND a.attnum > 0 AND NOT a.attisdropped
