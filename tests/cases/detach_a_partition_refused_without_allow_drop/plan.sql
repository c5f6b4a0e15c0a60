-- reconcile plan for release spec; live fingerprint 194579d15fa179a65fa2178623d12e7498cbabcb163e65caadc0d028213776a9

BEGIN;
-- detach partition public.orders_us from public.orders
ALTER TABLE "public"."orders" DETACH PARTITION "public"."orders_us";
COMMIT;

-- drop index public.orders_us_total_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_us_total_idx";

BEGIN;
-- drop constraint public.orders_us.orders_us_pkey
ALTER TABLE "public"."orders_us" DROP CONSTRAINT "orders_us_pkey";
COMMIT;
