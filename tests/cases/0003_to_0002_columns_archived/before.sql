-- Release 0002 of cogni-track (what staging has), from the design's domain facts.
CREATE TABLE users (
  id text PRIMARY KEY,
  created_at timestamp NOT NULL DEFAULT now()
);
CREATE TABLE provider_keys (
  id serial PRIMARY KEY,
  user_id text NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  provider text NOT NULL,
  encrypted_key text NOT NULL,
  iv text NOT NULL,
  auth_tag text NOT NULL,
  created_at timestamp NOT NULL DEFAULT now(),
  usage_mode text NOT NULL DEFAULT 'standard',
  encrypted_metadata text,
  metadata_iv text,
  metadata_auth_tag text
);
CREATE TABLE usage_events (
  id serial PRIMARY KEY,
  key_id integer NOT NULL REFERENCES provider_keys(id) ON DELETE CASCADE,
  model text NOT NULL,
  tokens_in integer DEFAULT 0,
  tokens_out integer DEFAULT 0,
  cost_estimate numeric(10,6) DEFAULT '0',
  "timestamp" timestamp NOT NULL
);
CREATE UNIQUE INDEX usage_admin_bucket_idx ON usage_events (key_id, model, "timestamp");
-- A few thousand rows in the 0002 tables (parameter-free so it runs on any release).
INSERT INTO users (id) SELECT 'user_' || g FROM generate_series(1, 20) g;
INSERT INTO provider_keys (user_id, provider, encrypted_key, iv, auth_tag)
  SELECT 'user_' || (1 + g % 20), 'openai', 'k' || g, 'iv', 'tag' FROM generate_series(1, 40) g;
INSERT INTO usage_events (key_id, model, tokens_in, tokens_out, cost_estimate, "timestamp")
  SELECT 1 + g % 40, 'gpt-4o-mini', g, g * 2, g / 1000.0,
         timestamp '2025-09-01' + make_interval(mins => g)
  FROM generate_series(1, 3000) g;
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

-- a hundred events carry 0003's window data
UPDATE usage_events SET window_start = date_trunc('hour', "timestamp"), window_end = date_trunc('hour', "timestamp") + interval '1 hour',
  project_id = 'proj_' || (id % 3), batch = id % 2 = 0, num_model_requests = id
WHERE id <= 100;
