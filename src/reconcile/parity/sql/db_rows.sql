-- usage_events rows in the window as buckets of one row each: only when usage_admin_bucket_idx
-- (unique per key_id) holds and one provider key is read, so no two rows share a bucket.
SELECT window_start, window_end,
       COALESCE(project_id, '') AS project_id,
       COALESCE(openai_api_key_id, '') AS api_key_id,
       COALESCE(openai_user_id, '') AS user_id,
       model,
       COALESCE(service_tier, '') AS service_tier,
       COALESCE(batch, false) AS batch,
       {metrics},
       1 AS record_count
FROM {table}
WHERE window_start >= %(from)s AND window_start < %(to)s
  AND key_id = %(db_key_id)s::integer
