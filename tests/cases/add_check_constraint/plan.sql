-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

BEGIN;
-- add check public.items.items_price_positive NOT VALID
ALTER TABLE "public"."items" ADD CONSTRAINT "items_price_positive" CHECK (price > 0::numeric) NOT VALID;
COMMIT;

BEGIN;
-- validate check public.items.items_price_positive
ALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_price_positive";
COMMIT;
