-- reconcile plan for release spec; live fingerprint 9b0d8bff86dd22fa05e36287d9a656d58477c4a5cabb0e9104994f8ea65497c3

BEGIN;
-- validate public.items.items_price_positive
ALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_price_positive";
COMMIT;
