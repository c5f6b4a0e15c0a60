-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

BEGIN;
-- set default of public.items.price
ALTER TABLE "public"."items" ALTER COLUMN "price" SET DEFAULT 0;
-- set default of public.items.qty
ALTER TABLE "public"."items" ALTER COLUMN "qty" DROP DEFAULT;
COMMIT;
