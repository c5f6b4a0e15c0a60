-- reconcile plan for release spec; live fingerprint 59bee7b0b8993162988f347465e7640d36b71ab3438d42125aa11cfd950c22e0

BEGIN;
-- drop check public.orders_asia.orders_asia_reconcile_bound if an interrupted run left it
ALTER TABLE "public"."orders_asia" DROP CONSTRAINT IF EXISTS "orders_asia_reconcile_bound";
-- add check public.orders_asia.orders_asia_reconcile_bound (the partition bound) NOT VALID
ALTER TABLE "public"."orders_asia" ADD CONSTRAINT "orders_asia_reconcile_bound" CHECK ("region" IS NOT NULL AND "region" IN ('asia')) NOT VALID;
COMMIT;

BEGIN;
-- validate check public.orders_asia.orders_asia_reconcile_bound: ATTACH then skips its scan
ALTER TABLE "public"."orders_asia" VALIDATE CONSTRAINT "orders_asia_reconcile_bound";
COMMIT;

-- drop leftover index public.orders_asia_orders_pkey concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."orders_asia_orders_pkey";

-- build unique index for public.orders_asia.orders_asia_orders_pkey concurrently
CREATE UNIQUE INDEX CONCURRENTLY "orders_asia_orders_pkey" ON "public"."orders_asia" ("id", "region");

BEGIN;
-- attach primary key public.orders_asia.orders_asia_orders_pkey
ALTER TABLE "public"."orders_asia" ADD CONSTRAINT "orders_asia_orders_pkey" PRIMARY KEY USING INDEX "orders_asia_orders_pkey";
-- add check public.orders_asia.orders_total_check NOT VALID
ALTER TABLE "public"."orders_asia" ADD CONSTRAINT "orders_total_check" CHECK (total >= 0::numeric) NOT VALID;
COMMIT;

BEGIN;
-- validate check public.orders_asia.orders_total_check
ALTER TABLE "public"."orders_asia" VALIDATE CONSTRAINT "orders_total_check";
COMMIT;

BEGIN;
-- add foreign key public.orders_asia.orders_customer_fk NOT VALID
ALTER TABLE "public"."orders_asia" ADD CONSTRAINT "orders_customer_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID;
COMMIT;

BEGIN;
-- validate foreign key public.orders_asia.orders_customer_fk
ALTER TABLE "public"."orders_asia" VALIDATE CONSTRAINT "orders_customer_fk";
COMMIT;

BEGIN;
-- attach public.orders_asia to public.orders as a partition
ALTER TABLE "public"."orders" ATTACH PARTITION "public"."orders_asia" FOR VALUES IN ('asia');
-- drop check public.orders_asia.orders_asia_reconcile_bound (ATTACH used it)
ALTER TABLE "public"."orders_asia" DROP CONSTRAINT IF EXISTS "orders_asia_reconcile_bound";
COMMIT;
