-- One export file as COPY reads it: a column per header field (metrics numeric, the rest text),
-- `line` numbering the data rows from 2 (the header is line 1).
DROP TABLE IF EXISTS pg_temp.parity_raw;
CREATE TEMP TABLE pg_temp.parity_raw (
  line bigint GENERATED ALWAYS AS IDENTITY (START WITH 2),
  {columns}
)
