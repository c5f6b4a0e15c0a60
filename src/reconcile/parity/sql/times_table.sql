-- Parsed time cells of the file being staged, keyed by their text exactly as in parity_raw.
DROP TABLE IF EXISTS pg_temp.parity_times;
CREATE TEMP TABLE pg_temp.parity_times (
  start_epoch pg_catalog.text NOT NULL,
  end_epoch pg_catalog.text NOT NULL,
  start_iso pg_catalog.text NOT NULL,
  end_iso pg_catalog.text NOT NULL,
  window_start timestamp NOT NULL,
  window_end timestamp NOT NULL
)
