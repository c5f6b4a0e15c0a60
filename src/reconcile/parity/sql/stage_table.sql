-- The export's validated rows, streamed in with COPY; dimensions are '' when absent.
DROP TABLE IF EXISTS pg_temp.parity_csv;
CREATE TEMP TABLE pg_temp.parity_csv (
  source pg_catalog.text NOT NULL,
  line integer NOT NULL,
  empty boolean NOT NULL,
  window_start timestamp NOT NULL,
  window_end timestamp NOT NULL,
  project_id pg_catalog.text NOT NULL,
  api_key_id pg_catalog.text NOT NULL,
  user_id pg_catalog.text NOT NULL,
  model pg_catalog.text NOT NULL,
  service_tier pg_catalog.text NOT NULL,
  batch boolean NOT NULL,
  input_tokens bigint NOT NULL,
  output_tokens bigint NOT NULL,
  input_cached_tokens bigint NOT NULL,
  input_uncached_tokens bigint NOT NULL,
  input_text_tokens bigint NOT NULL,
  output_text_tokens bigint NOT NULL,
  input_cached_text_tokens bigint NOT NULL,
  input_audio_tokens bigint NOT NULL,
  input_cached_audio_tokens bigint NOT NULL,
  output_audio_tokens bigint NOT NULL,
  input_image_tokens bigint NOT NULL,
  input_cached_image_tokens bigint NOT NULL,
  output_image_tokens bigint NOT NULL,
  num_model_requests bigint NOT NULL
)
