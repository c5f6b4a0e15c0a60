-- reconcile plan for release spec; live fingerprint fddb51514e9f926681f12794f5000b9a6462bf7a7265cc274b0ef3f51c0d0dd9

BEGIN;
-- drop constraint public.items.items_code_key
ALTER TABLE "public"."items" DROP CONSTRAINT "items_code_key";
COMMIT;

-- build unique index for public.items.items_code_key concurrently
CREATE UNIQUE INDEX CONCURRENTLY "items_code_key" ON "public"."items" ("code") NULLS NOT DISTINCT;

BEGIN;
-- attach unique constraint public.items.items_code_key
ALTER TABLE "public"."items" ADD CONSTRAINT "items_code_key" UNIQUE USING INDEX "items_code_key";
COMMIT;
