-- CSV rows in the window as buckets of one row each: only when no bucket key repeats (the
-- duplicates check found none), so there is nothing to sum and no grouping to pay for.
SELECT window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch,
       {metrics},
       1 AS record_count,
       source AS first_source, source AS last_source
FROM pg_temp.parity_csv
WHERE NOT empty AND window_start >= %(from)s AND window_start < %(to)s
