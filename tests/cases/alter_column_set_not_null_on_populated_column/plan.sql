-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

BEGIN;
-- add NOT VALID null check on public.items.code
ALTER TABLE "public"."items" ADD CONSTRAINT "code_reconcile_not_null" CHECK ("code" IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
-- validate null check on public.items.code
ALTER TABLE "public"."items" VALIDATE CONSTRAINT "code_reconcile_not_null";
COMMIT;

BEGIN;
-- set NOT NULL on public.items.code
ALTER TABLE "public"."items" ALTER COLUMN "code" SET NOT NULL, DROP CONSTRAINT "code_reconcile_not_null";
COMMIT;
