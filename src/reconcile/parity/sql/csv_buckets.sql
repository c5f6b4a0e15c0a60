-- CSV buckets in the window: rows with the same key summed, empty days left out. The first and last
-- source file only (plain aggregates can hash); compare.sql lists all for the few buckets that differ.
SELECT window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch,
       {sums},
       pg_catalog.count(*) AS record_count,
       pg_catalog.min(source) AS first_source, pg_catalog.max(source) AS last_source
FROM pg_temp.parity_csv
WHERE NOT empty AND window_start >= %(from)s AND window_start < %(to)s
GROUP BY window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch
