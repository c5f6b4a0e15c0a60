-- reconcile plan for release spec; live fingerprint 4cedf42fa01fa8be045bd578513a0bc7d2644bd96cf6459869bda4571f3780b0

BEGIN;
-- drop check public.orders_2026.orders_2026_reconcile_bound if an interrupted run left it
ALTER TABLE "public"."orders_2026" DROP CONSTRAINT IF EXISTS "orders_2026_reconcile_bound";
-- add check public.orders_2026.orders_2026_reconcile_bound (the partition bound) NOT VALID
ALTER TABLE "public"."orders_2026" ADD CONSTRAINT "orders_2026_reconcile_bound" CHECK ("placed" IS NOT NULL AND "placed" >= '2026-01-01' AND "placed" < '2027-01-01') NOT VALID;
COMMIT;

BEGIN;
-- validate check public.orders_2026.orders_2026_reconcile_bound: ATTACH then skips its scan
ALTER TABLE "public"."orders_2026" VALIDATE CONSTRAINT "orders_2026_reconcile_bound";
COMMIT;

BEGIN;
-- rename constraint public.orders_2026.total_not_negative to orders_total_check
ALTER TABLE "public"."orders_2026" RENAME CONSTRAINT "total_not_negative" TO "orders_total_check";
COMMIT;

BEGIN;
-- validate public.orders_2026.orders_id_check
ALTER TABLE "public"."orders_2026" VALIDATE CONSTRAINT "orders_id_check";
COMMIT;

BEGIN;
-- attach public.orders_2026 to public.orders as a partition
ALTER TABLE "public"."orders" ATTACH PARTITION "public"."orders_2026" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- drop check public.orders_2026.orders_2026_reconcile_bound (ATTACH used it)
ALTER TABLE "public"."orders_2026" DROP CONSTRAINT IF EXISTS "orders_2026_reconcile_bound";
COMMIT;
