-- The file's distinct time cells (exports repeat each bucket's times on many rows); the client
-- parses these few and hands them back as pg_temp.parity_times.
SELECT DISTINCT {start_epoch}, {end_epoch}, {start_iso}, {end_iso} FROM pg_temp.parity_raw
