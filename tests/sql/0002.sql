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
