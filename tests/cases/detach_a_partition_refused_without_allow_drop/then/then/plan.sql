-- reconcile plan for release spec; live fingerprint f154ce3a322dd41b9aceeb51e13896b4bf4c73f88ca87ca83ba0cc94f1d515a6

BEGIN;
-- attach public.orders_us to public.orders as a partition
ALTER TABLE "public"."orders" ATTACH PARTITION "public"."orders_us" FOR VALUES IN ('us');
COMMIT;
