-- CSV buckets in the window: rows with the same key summed, empty days left out.
SELECT window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch,
       {sums},
       count(*) AS record_count,
       string_agg(DISTINCT source, ', ' ORDER BY source) AS csv_source
FROM pg_temp.parity_csv
WHERE NOT empty AND window_start >= %(from)s AND window_start < %(to)s
GROUP BY window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch
