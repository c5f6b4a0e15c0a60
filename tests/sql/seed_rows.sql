-- A few thousand rows in the 0002 tables (parameter-free so it runs on any release).
INSERT INTO users (id) SELECT 'user_' || g FROM generate_series(1, 20) g;
INSERT INTO provider_keys (user_id, provider, encrypted_key, iv, auth_tag)
  SELECT 'user_' || (1 + g % 20), 'openai', 'k' || g, 'iv', 'tag' FROM generate_series(1, 40) g;
INSERT INTO usage_events (key_id, model, tokens_in, tokens_out, cost_estimate, "timestamp")
  SELECT 1 + g % 40, 'gpt-4o-mini', g, g * 2, g / 1000.0,
         timestamp '2025-09-01' + make_interval(mins => g)
  FROM generate_series(1, 3000) g;
