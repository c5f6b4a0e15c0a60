-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

BEGIN;
-- change type of public.items.price: numeric(10,2) -> numeric(12,2)
ALTER TABLE "public"."items" ALTER COLUMN "price" TYPE numeric(12,2) USING "price"::numeric(12,2);
COMMIT;
