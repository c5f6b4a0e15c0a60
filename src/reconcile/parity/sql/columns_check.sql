-- Columns usage_events has (NULL when the table itself is missing).
SELECT array_agg(a.attname::text) AS columns
FROM pg_attribute a
WHERE a.attrelid = to_regclass(%(table)s) AND a.attnum > 0 AND NOT a.attisdropped
