-- reconcile plan for release spec; live fingerprint bcac2b83f316d3223363b92287498a6ce493321293a2128256cd8bacca9a6972

BEGIN;
-- add NOT VALID null check on public.tags.name
ALTER TABLE "public"."tags" ADD CONSTRAINT "name_reconcile_not_null" CHECK ("name" IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
-- validate null check on public.tags.name
ALTER TABLE "public"."tags" VALIDATE CONSTRAINT "name_reconcile_not_null";
COMMIT;

BEGIN;
-- set NOT NULL on public.tags.name
ALTER TABLE "public"."tags" ALTER COLUMN "name" SET NOT NULL, DROP CONSTRAINT "name_reconcile_not_null";
COMMIT;

-- build unique index for public.tags.tags_pkey concurrently
CREATE UNIQUE INDEX CONCURRENTLY "tags_pkey" ON "public"."tags" ("name");

BEGIN;
-- attach primary key public.tags.tags_pkey
ALTER TABLE "public"."tags" ADD CONSTRAINT "tags_pkey" PRIMARY KEY USING INDEX "tags_pkey";
COMMIT;
