-- drizzle/0003_usage_event_windows.sql, as the team would run it by hand on a 0002 database.
ALTER TABLE usage_events
  ADD COLUMN window_start timestamp,
  ADD COLUMN window_end timestamp,
  ADD COLUMN project_id text,
  ADD COLUMN openai_user_id text,
  ADD COLUMN openai_api_key_id text,
  ADD COLUMN service_tier text,
  ADD COLUMN batch boolean,
  ADD COLUMN num_model_requests integer,
  ADD COLUMN input_cached_tokens integer,
  ADD COLUMN input_uncached_tokens integer,
  ADD COLUMN input_text_tokens integer,
  ADD COLUMN output_text_tokens integer,
  ADD COLUMN input_cached_text_tokens integer,
  ADD COLUMN input_audio_tokens integer,
  ADD COLUMN input_cached_audio_tokens integer,
  ADD COLUMN output_audio_tokens integer,
  ADD COLUMN input_image_tokens integer,
  ADD COLUMN input_cached_image_tokens integer,
  ADD COLUMN output_image_tokens integer;
DROP INDEX usage_admin_bucket_idx;
CREATE UNIQUE INDEX usage_admin_bucket_idx ON usage_events (key_id, model, window_start, window_end,
  COALESCE(project_id, ''), COALESCE(openai_api_key_id, ''), COALESCE(openai_user_id, ''),
  COALESCE(service_tier, ''), COALESCE(batch, false)) WHERE window_start IS NOT NULL;
