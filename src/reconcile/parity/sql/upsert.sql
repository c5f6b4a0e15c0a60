-- Backfill: every CSV bucket in the window into usage_events for one provider key. The conflict
-- target is usage_admin_bucket_idx (0003); only buckets whose metrics differ are updated.
WITH csv AS ({csv_buckets}),
changed AS (
  INSERT INTO {table} AS u
    (key_id, model, "timestamp", window_start, window_end,
     project_id, openai_api_key_id, openai_user_id, service_tier, batch, {db_columns})
  SELECT %(key_id)s::integer, model, window_start, window_start, window_end,
         NULLIF(project_id, ''), NULLIF(api_key_id, ''), NULLIF(user_id, ''), NULLIF(service_tier, ''),
         batch, {csv_columns}
  FROM csv
  ON CONFLICT ({bucket_key}) WHERE window_start IS NOT NULL
  DO UPDATE SET {assignments}
  WHERE ({current_values}) IS DISTINCT FROM ({excluded_values})
  RETURNING (u.xmax = 0) AS inserted
)
SELECT pg_catalog.count(*) FILTER (WHERE inserted) AS inserted, pg_catalog.count(*) FILTER (WHERE NOT inserted) AS updated
FROM changed
