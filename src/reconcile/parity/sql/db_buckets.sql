-- usage_events buckets in the window, keyed like the export (NULL dimensions read as '' / false).
SELECT window_start, window_end,
       COALESCE(project_id, '') AS project_id,
       COALESCE(openai_api_key_id, '') AS api_key_id,
       COALESCE(openai_user_id, '') AS user_id,
       model,
       COALESCE(service_tier, '') AS service_tier,
       COALESCE(batch, false) AS batch,
       {sums},
       pg_catalog.count(*) AS record_count
FROM {table}
WHERE window_start >= %(from)s AND window_start < %(to)s
  AND (%(key_id)s::integer IS NULL OR key_id = %(key_id)s::integer)
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
