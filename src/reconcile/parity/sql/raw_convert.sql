-- parity_raw -> parity_csv in one pass. Rows the strict reader would refuse (batch not True/False,
-- a metric that is not a whole number in bigint range, usage without any dimension) are left out;
-- the caller compares the count with the COPY's and falls back to the row-by-row reader if any were.
-- Metric cells are numeric, or double precision for a plain file (NULL when empty, read as 0);
-- each check is computed once per row.
-- queries.raw_convert puts it under the INSERT into parity_csv, or for the first file staged under a
-- CREATE TABLE AS of parity_csv (it writes in bulk, a quarter faster than INSERT).
SELECT %(source)s::pg_catalog.text, line::integer, project_id = '' AND api_key_id = '' AND user_id = '' AND model = '',
       window_start, window_end, project_id, api_key_id, user_id, model, service_tier, batch IN ('true', '1'), {metrics_bigint}
FROM (
  SELECT r.line, t.window_start, t.window_end, {dimensions},
         {batch} AS batch,
         COALESCE(least({metric_cells}), 0) AS low,
         COALESCE(greatest({metric_cells}), 0) AS high,
         {whole} AS whole,
         {metrics}
  FROM pg_temp.parity_raw r
  JOIN pg_temp.parity_times t
    ON t.start_epoch = r.{start_epoch} AND t.end_epoch = r.{end_epoch}
   AND t.start_iso = r.{start_iso} AND t.end_iso = r.{end_iso}
  OFFSET 0  -- a fence: each expression above once per row, not once per use below
) s
WHERE batch IN ('true', '1', 'false', '0', '')
  AND low >= 0 AND high < {high_limit} AND whole
  AND NOT (project_id = '' AND api_key_id = '' AND user_id = '' AND model = '' AND high > 0)
