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
-- the older variant of the legacy index some databases carry: same name, other column order
CREATE UNIQUE INDEX usage_admin_bucket_idx ON usage_events ("timestamp", model, key_id);
-- A few thousand rows in the 0002 tables (parameter-free so it runs on any release).
INSERT INTO users (id) SELECT 'user_' || g FROM generate_series(1, 20) g;
INSERT INTO provider_keys (user_id, provider, encrypted_key, iv, auth_tag)
  SELECT 'user_' || (1 + g % 20), 'openai', 'k' || g, 'iv', 'tag' FROM generate_series(1, 40) g;
INSERT INTO usage_events (key_id, model, tokens_in, tokens_out, cost_estimate, "timestamp")
  SELECT 1 + g % 40, 'gpt-4o-mini', g, g * 2, g / 1000.0,
         timestamp '2025-09-01' + make_interval(mins => g)
  FROM generate_series(1, 3000) g;
