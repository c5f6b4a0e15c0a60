-- One pass: CSV buckets full-outer-joined to database buckets. The first row (part 0) carries the
-- counts and totals; then one row per differing bucket, in report order, streamed to the client.
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
SELECT 0 AS part, 'summary' AS status,
       NULL::timestamp AS window_start, NULL::timestamp AS window_end, NULL AS project_id,
       NULL AS api_key_id, NULL AS user_id, NULL AS model, NULL AS service_tier, NULL::boolean AS batch,
       json_build_object(
         'csv_rows', (SELECT count(*) FROM pg_temp.parity_csv),
         'empty_buckets', (SELECT count(*) FROM pg_temp.parity_csv
                           WHERE empty AND window_start >= %(from)s AND window_start < %(to)s),
         'outside_window', (SELECT count(*) FROM pg_temp.parity_csv
                            WHERE window_start < %(from)s OR window_start >= %(to)s),
         'csv_buckets', count(csv_count),
         'db_buckets', count(db_count),
         'matched', count(*) FILTER (WHERE status = 'matched'),
         'mismatched', count(*) FILTER (WHERE status = 'mismatched'),
         'missing_in_db', count(*) FILTER (WHERE status = 'missingInDb'),
         'missing_in_csv', count(*) FILTER (WHERE status = 'missingInCsv'),
         'csv_totals', {csv_totals},
         'db_totals', {db_totals}) AS payload
FROM joined
UNION ALL
SELECT CASE status WHEN 'mismatched' THEN 1 WHEN 'missingInDb' THEN 2 ELSE 3 END, status,
       window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch,
       json_build_object('csvMetrics', csv_metrics, 'dbMetrics', db_metrics,
                         'csvCount', csv_count, 'dbCount', db_count, 'csvSource', csv_source)
FROM joined
WHERE status <> 'matched'
ORDER BY 1, 3, 4, 5, 6, 7, 8, 9, 10
