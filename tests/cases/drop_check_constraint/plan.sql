-- reconcile plan for release spec; live fingerprint 01f89a0294f2719d772bc9a3154e31e298c1faf0b68d3eba0df22ae0081c1acb

BEGIN;
-- drop constraint public.items.items_price_positive
ALTER TABLE "public"."items" DROP CONSTRAINT "items_price_positive";
COMMIT;
