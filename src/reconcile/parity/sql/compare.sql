-- The report from pg_temp.parity_diff (diff.sql): the first row (part 0) carries the counts and
-- totals; then one row per differing bucket, in report order, streamed to the client.
WITH staged AS (
  SELECT pg_catalog.count(*) AS csv_rows,
         pg_catalog.count(*) FILTER (WHERE empty AND window_start >= %(from)s AND window_start < %(to)s) AS empty_buckets,
         pg_catalog.count(*) FILTER (WHERE window_start < %(from)s OR window_start >= %(to)s) AS outside_window
  FROM pg_temp.parity_csv
),
sources AS (  -- every source file of the differing buckets found in more than one file
  SELECT window_start, window_end, p.project_id, p.api_key_id, p.user_id, model, p.service_tier, p.batch,
         pg_catalog.string_agg(DISTINCT source, ', ' ORDER BY source) AS csv_source
  FROM pg_temp.parity_csv p
  JOIN pg_temp.parity_diff d USING (window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch)
  WHERE d.first_source <> d.last_source AND NOT p.empty
    AND EXISTS (SELECT FROM pg_temp.parity_diff WHERE first_source <> last_source)  -- else no scan at all
  GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
)
SELECT 0 AS part, 'summary' AS status,
       NULL::timestamp AS window_start, NULL::timestamp AS window_end, NULL AS project_id,
       NULL AS api_key_id, NULL AS user_id, NULL AS model, NULL AS service_tier, NULL::boolean AS batch,
       pg_catalog.json_build_object(
         'csv_rows', (SELECT csv_rows FROM staged),
         'empty_buckets', (SELECT empty_buckets FROM staged),
         'outside_window', (SELECT outside_window FROM staged),
         'csv_buckets', COALESCE(pg_catalog.sum(buckets) FILTER (WHERE status <> 'missingInCsv'), 0),
         'db_buckets', COALESCE(pg_catalog.sum(buckets) FILTER (WHERE status <> 'missingInDb'), 0),
         'matched', COALESCE(pg_catalog.sum(buckets) FILTER (WHERE status = 'matched'), 0),
         'mismatched', pg_catalog.count(*) FILTER (WHERE status = 'mismatched'),
         'missing_in_db', pg_catalog.count(*) FILTER (WHERE status = 'missingInDb'),
         'missing_in_csv', pg_catalog.count(*) FILTER (WHERE status = 'missingInCsv'),
         'csv_totals', {csv_totals},
         'db_totals', {db_totals}) AS payload
FROM pg_temp.parity_diff
UNION ALL
SELECT CASE status WHEN 'mismatched' THEN 1 WHEN 'missingInDb' THEN 2 ELSE 3 END, status,
       window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch,
       pg_catalog.json_build_object('csvMetrics', {csv_metrics}, 'dbMetrics', {db_metrics},
                         'csvCount', csv_count, 'dbCount', db_count, 'csvSource', COALESCE(s.csv_source, d.first_source))
FROM pg_temp.parity_diff d
LEFT JOIN sources s USING (window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch)
WHERE status <> 'matched'
ORDER BY 1, 3, 4, 5, 6, 7, 8, 9, 10
