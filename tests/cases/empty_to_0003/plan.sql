-- reconcile plan for release 0003_usage_event_windows; live fingerprint c2a49b5a652624f52383c36efdf665aa2fc6f04bfc215706440baccd7d6c978c

BEGIN;
-- create table public.provider_keys
CREATE TABLE "public"."provider_keys" ("id" serial NOT NULL, "user_id" text NOT NULL, "provider" text NOT NULL, "encrypted_key" text NOT NULL, "iv" text NOT NULL, "auth_tag" text NOT NULL, "created_at" timestamp without time zone DEFAULT now() NOT NULL, "usage_mode" text DEFAULT 'standard'::text NOT NULL, "encrypted_metadata" text, "metadata_iv" text, "metadata_auth_tag" text);
-- add primary key public.provider_keys.provider_keys_pkey
ALTER TABLE "public"."provider_keys" ADD CONSTRAINT "provider_keys_pkey" PRIMARY KEY ("id");
-- create table public.usage_events
CREATE TABLE "public"."usage_events" ("id" serial NOT NULL, "key_id" integer NOT NULL, "model" text NOT NULL, "tokens_in" integer DEFAULT 0, "tokens_out" integer DEFAULT 0, "cost_estimate" numeric(10,6) DEFAULT '0'::numeric, "timestamp" timestamp without time zone NOT NULL, "window_start" timestamp without time zone, "window_end" timestamp without time zone, "project_id" text, "openai_user_id" text, "openai_api_key_id" text, "service_tier" text, "batch" boolean, "num_model_requests" integer, "input_cached_tokens" integer, "input_uncached_tokens" integer, "input_text_tokens" integer, "output_text_tokens" integer, "input_cached_text_tokens" integer, "input_audio_tokens" integer, "input_cached_audio_tokens" integer, "output_audio_tokens" integer, "input_image_tokens" integer, "input_cached_image_tokens" integer, "output_image_tokens" integer);
-- build unique index public.usage_admin_bucket_idx
CREATE UNIQUE INDEX "usage_admin_bucket_idx" ON "public"."usage_events" USING "btree" ("key_id", "model", "window_start", "window_end", (COALESCE(project_id, ''::text)), (COALESCE(openai_api_key_id, ''::text)), (COALESCE(openai_user_id, ''::text)), (COALESCE(service_tier, ''::text)), (COALESCE(batch, false))) WHERE (window_start IS NOT NULL);
-- add primary key public.usage_events.usage_events_pkey
ALTER TABLE "public"."usage_events" ADD CONSTRAINT "usage_events_pkey" PRIMARY KEY ("id");
-- add foreign key public.usage_events.usage_events_key_id_fkey
ALTER TABLE "public"."usage_events" ADD CONSTRAINT "usage_events_key_id_fkey" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION;
-- create table public.users
CREATE TABLE "public"."users" ("id" text NOT NULL, "created_at" timestamp without time zone DEFAULT now() NOT NULL);
-- add primary key public.users.users_pkey
ALTER TABLE "public"."users" ADD CONSTRAINT "users_pkey" PRIMARY KEY ("id");
-- add foreign key public.provider_keys.provider_keys_user_id_fkey
ALTER TABLE "public"."provider_keys" ADD CONSTRAINT "provider_keys_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "public"."users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION;
COMMIT;
