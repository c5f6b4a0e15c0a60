-- reconcile plan for release 0003_usage_event_windows; live fingerprint dac663fbd6801157cbf5b68bf47352f4681b4453f47de2d61a5661737586be5c

BEGIN;
-- add column public.usage_events.window_start timestamp without time zone
ALTER TABLE "public"."usage_events" ADD COLUMN "window_start" timestamp without time zone;
-- add column public.usage_events.window_end timestamp without time zone
ALTER TABLE "public"."usage_events" ADD COLUMN "window_end" timestamp without time zone;
-- add column public.usage_events.project_id text
ALTER TABLE "public"."usage_events" ADD COLUMN "project_id" text;
-- add column public.usage_events.openai_user_id text
ALTER TABLE "public"."usage_events" ADD COLUMN "openai_user_id" text;
-- add column public.usage_events.openai_api_key_id text
ALTER TABLE "public"."usage_events" ADD COLUMN "openai_api_key_id" text;
-- add column public.usage_events.service_tier text
ALTER TABLE "public"."usage_events" ADD COLUMN "service_tier" text;
-- add column public.usage_events.batch boolean
ALTER TABLE "public"."usage_events" ADD COLUMN "batch" boolean;
-- add column public.usage_events.num_model_requests integer
ALTER TABLE "public"."usage_events" ADD COLUMN "num_model_requests" integer;
-- add column public.usage_events.input_cached_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "input_cached_tokens" integer;
-- add column public.usage_events.input_uncached_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "input_uncached_tokens" integer;
-- add column public.usage_events.input_text_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "input_text_tokens" integer;
-- add column public.usage_events.output_text_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "output_text_tokens" integer;
-- add column public.usage_events.input_cached_text_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "input_cached_text_tokens" integer;
-- add column public.usage_events.input_audio_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "input_audio_tokens" integer;
-- add column public.usage_events.input_cached_audio_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "input_cached_audio_tokens" integer;
-- add column public.usage_events.output_audio_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "output_audio_tokens" integer;
-- add column public.usage_events.input_image_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "input_image_tokens" integer;
-- add column public.usage_events.input_cached_image_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "input_cached_image_tokens" integer;
-- add column public.usage_events.output_image_tokens integer
ALTER TABLE "public"."usage_events" ADD COLUMN "output_image_tokens" integer;
COMMIT;

-- build unique index public.usage_admin_bucket_idx_reconcile_new concurrently
CREATE UNIQUE INDEX CONCURRENTLY "usage_admin_bucket_idx_reconcile_new" ON "public"."usage_events" USING "btree" ("key_id", "model", "window_start", "window_end", (COALESCE(project_id, ''::text)), (COALESCE(openai_api_key_id, ''::text)), (COALESCE(openai_user_id, ''::text)), (COALESCE(service_tier, ''::text)), (COALESCE(batch, false))) WHERE (window_start IS NOT NULL);

-- drop index public.usage_admin_bucket_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."usage_admin_bucket_idx";

BEGIN;
-- rename public.usage_admin_bucket_idx_reconcile_new to usage_admin_bucket_idx
ALTER INDEX "public"."usage_admin_bucket_idx_reconcile_new" RENAME TO "usage_admin_bucket_idx";
COMMIT;
