-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

-- build unique index for public.items.items_code_key concurrently
CREATE UNIQUE INDEX CONCURRENTLY "items_code_key" ON "public"."items" ("code");

BEGIN;
-- attach unique constraint public.items.items_code_key
ALTER TABLE "public"."items" ADD CONSTRAINT "items_code_key" UNIQUE USING INDEX "items_code_key";
COMMIT;
