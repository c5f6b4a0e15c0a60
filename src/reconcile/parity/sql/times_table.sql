-- Parsed time cells of the file being staged, keyed by their text exactly as in parity_raw.
DROP TABLE IF EXISTS pg_temp.parity_times;
CREATE TEMP TABLE parity_times (
  start_epoch text NOT NULL,
  end_epoch text NOT NULL,
  start_iso text NOT NULL,
  end_iso text NOT NULL,
  window_start timestamp NOT NULL,
  window_end timestamp NOT NULL
)
