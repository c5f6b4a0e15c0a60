ALTER TABLE "usage_events" ADD COLUMN "window_start" timestamp;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "window_end" timestamp;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "project_id" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "openai_user_id" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "openai_api_key_id" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "service_tier" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "batch" boolean;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "num_model_requests" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_cached_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_uncached_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_text_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "output_text_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_cached_text_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_audio_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_cached_audio_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "output_audio_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_image_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_cached_image_tokens" integer;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "output_image_tokens" integer;--> statement-breakpoint
DROP INDEX IF EXISTS "usage_admin_bucket_idx";--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "usage_admin_bucket_idx" ON "usage_events" USING btree ("key_id","model","window_start","window_end",COALESCE("project_id", ''),COALESCE("openai_api_key_id", ''),COALESCE("openai_user_id", ''),COALESCE("service_tier", ''),COALESCE("batch", false)) WHERE "usage_events"."window_start" IS NOT NULL;
