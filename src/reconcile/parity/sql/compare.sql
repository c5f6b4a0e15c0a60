-- One pass: CSV buckets full-outer-joined to database buckets; the differences, counts and totals.
WITH csv AS ({csv_buckets}),
db AS ({db_buckets}),
joined AS (
  SELECT window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch,
         c.record_count AS csv_count, d.record_count AS db_count, c.csv_source,
         {csv_metrics} AS csv_metrics,
         {db_metrics} AS db_metrics,
         CASE WHEN d.record_count IS NULL THEN 'missingInDb'
              WHEN c.record_count IS NULL THEN 'missingInCsv'
              WHEN ({csv_values}) IS DISTINCT FROM ({db_values}) THEN 'mismatched'
              ELSE 'matched' END AS status,
         {csv_columns},
         {db_columns}
  FROM csv c FULL JOIN db d
    USING (window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch)
)
SELECT
  (SELECT count(*) FROM pg_temp.parity_csv) AS csv_rows,
  (SELECT count(*) FROM pg_temp.parity_csv
    WHERE empty AND window_start >= %(from)s AND window_start < %(to)s) AS empty_buckets,
  (SELECT count(*) FROM pg_temp.parity_csv
    WHERE window_start < %(from)s OR window_start >= %(to)s) AS outside_window,
  count(csv_count) AS csv_buckets,
  count(db_count) AS db_buckets,
  count(*) FILTER (WHERE status = 'matched') AS matched,
  {csv_totals} AS csv_totals,
  {db_totals} AS db_totals,
  COALESCE(json_agg(json_build_object(
      'status', status, 'windowStart', window_start, 'windowEnd', window_end,
      'projectId', project_id, 'apiKeyId', api_key_id, 'userId', user_id, 'model', model,
      'serviceTier', service_tier, 'batch', batch,
      'csvMetrics', csv_metrics, 'dbMetrics', db_metrics,
      'csvCount', csv_count, 'dbCount', db_count, 'csvSource', csv_source)
    ORDER BY window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch)
    FILTER (WHERE status <> 'matched'), '[]') AS differences
FROM joined
