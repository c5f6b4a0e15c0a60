-- One pass over CSV buckets full-outer-joined to database buckets, kept small: every bucket that
-- differs is a row of its own, all matched buckets fold into one 'matched' row (their count and
-- sums). The report is then read from this table (compare.sql) instead of joining twice.
-- `joined` is fenced (OFFSET 0): its status, a CASE comparing all the metrics, is computed once a
-- row, not once for each of the ten uses below (an inlined CTE repeats the expression).
-- db_read is how many database buckets were read (counted in this statement, so in its snapshot):
-- a bucket key the CSV side repeats shows as a differing bucket of several rows, or as more
-- database buckets joined than read (repeats.sql).
CREATE TEMP TABLE pg_temp.parity_diff ON COMMIT DROP AS
WITH csv AS ({csv_buckets}),
db AS ({db_buckets}),
joined AS (
  SELECT window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch,
         c.record_count AS csv_count, d.record_count AS db_count, c.first_source, c.last_source, {joined_read},
         CASE WHEN d.record_count IS NULL THEN 'missingInDb'
              WHEN c.record_count IS NULL THEN 'missingInCsv'
              WHEN ({csv_values}) IS DISTINCT FROM ({db_values}) THEN 'mismatched'
              ELSE 'matched' END AS status,
         {csv_columns},
         {db_columns}
  FROM csv c FULL JOIN db d
    USING (window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch)
  OFFSET 0
)
SELECT status, pg_catalog.count(*) AS buckets,
       CASE WHEN status = 'matched' THEN NULL ELSE window_start END AS window_start,
       CASE WHEN status = 'matched' THEN NULL ELSE window_end END AS window_end,
       CASE WHEN status = 'matched' THEN NULL ELSE project_id END AS project_id,
       CASE WHEN status = 'matched' THEN NULL ELSE api_key_id END AS api_key_id,
       CASE WHEN status = 'matched' THEN NULL ELSE user_id END AS user_id,
       CASE WHEN status = 'matched' THEN NULL ELSE model END AS model,
       CASE WHEN status = 'matched' THEN NULL ELSE service_tier END AS service_tier,
       CASE WHEN status = 'matched' THEN NULL ELSE batch END AS batch,
       pg_catalog.sum(csv_count) AS csv_count, pg_catalog.sum(db_count) AS db_count, pg_catalog.min(first_source) AS first_source,
       pg_catalog.max(last_source) AS last_source, {db_read} AS db_read,
       {csv_sums},
       {db_sums}
FROM joined
GROUP BY 1, 3, 4, 5, 6, 7, 8, 9, 10
