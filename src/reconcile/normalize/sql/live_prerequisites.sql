-- Everything prerequisites.py reads from the target, in one round trip: each part is one of the
-- queries beside this file (live_extensions, live_types, live_functions, live_sequences), its rows
-- as a JSON array fed from that query's ORDER BY.
SELECT
  (SELECT COALESCE(pg_catalog.json_agg(q), '[]') FROM ({extensions}
  ) q) AS extensions,
  (SELECT COALESCE(pg_catalog.json_agg(q), '[]') FROM ({types}
  ) q) AS types,
  (SELECT COALESCE(pg_catalog.json_agg(q), '[]') FROM ({functions}
  ) q) AS functions,
  (SELECT COALESCE(pg_catalog.json_agg(q), '[]') FROM ({sequences}
  ) q) AS sequences
