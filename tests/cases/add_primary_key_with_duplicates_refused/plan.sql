-- reconcile plan for release spec; live fingerprint 60f6d32cd4326f847b88c9c34ef52373e927dca29ef6a7765f782818e58ee7da

-- build unique index for public.tags.tags_pkey concurrently
CREATE UNIQUE INDEX CONCURRENTLY "tags_pkey" ON "public"."tags" ("name");

BEGIN;
-- attach primary key public.tags.tags_pkey
ALTER TABLE "public"."tags" ADD CONSTRAINT "tags_pkey" PRIMARY KEY USING INDEX "tags_pkey";
COMMIT;
