ALTER TABLE "provider_keys" ADD COLUMN "usage_mode" text DEFAULT 'standard' NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_keys" ADD COLUMN "encrypted_metadata" text;--> statement-breakpoint
ALTER TABLE "provider_keys" ADD COLUMN "metadata_iv" text;--> statement-breakpoint
ALTER TABLE "provider_keys" ADD COLUMN "metadata_auth_tag" text;
