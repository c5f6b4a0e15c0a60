-- The provider keys of usage_events' windowed rows, read from the two ends of usage_admin_bucket_idx
-- (key_id leads it): one key when low = high.
SELECT (SELECT key_id FROM {table} WHERE window_start IS NOT NULL ORDER BY key_id LIMIT 1) AS low,
       (SELECT key_id FROM {table} WHERE window_start IS NOT NULL ORDER BY key_id DESC LIMIT 1) AS high
