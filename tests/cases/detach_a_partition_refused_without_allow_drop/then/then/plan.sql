-- reconcile plan for release spec; live fingerprint f154ce3a322dd41b9aceeb51e13896b4bf4c73f88ca87ca83ba0cc94f1d515a6

BEGIN;
-- drop check public.orders_us.orders_us_reconcile_bound if an interrupted run left it
ALTER TABLE "public"."orders_us" DROP CONSTRAINT IF EXISTS "orders_us_reconcile_bound";
-- add check public.orders_us.orders_us_reconcile_bound (the partition bound) NOT VALID
ALTER TABLE "public"."orders_us" ADD CONSTRAINT "orders_us_reconcile_bound" CHECK ("region" IS NOT NULL AND "region" IN ('us')) NOT VALID;
COMMIT;

BEGIN;
-- validate check public.orders_us.orders_us_reconcile_bound: ATTACH then skips its scan
ALTER TABLE "public"."orders_us" VALIDATE CONSTRAINT "orders_us_reconcile_bound";
COMMIT;

BEGIN;
-- attach public.orders_us to public.orders as a partition
ALTER TABLE "public"."orders" ATTACH PARTITION "public"."orders_us" FOR VALUES IN ('us');
-- drop check public.orders_us.orders_us_reconcile_bound (ATTACH used it)
ALTER TABLE "public"."orders_us" DROP CONSTRAINT IF EXISTS "orders_us_reconcile_bound";
COMMIT;
