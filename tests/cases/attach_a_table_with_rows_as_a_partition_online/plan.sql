-- reconcile plan for release spec; live fingerprint 8a2c7a8df041e040faaa120066e9e8a46d7871641ee3c5d43a0c3fa89ced1de8

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

BEGIN;
-- add NOT VALID null check on public.orders_asia.region
ALTER TABLE "public"."orders_asia" ADD CONSTRAINT "region_reconcile_not_null" CHECK ("region" IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
-- validate null check on public.orders_asia.region
ALTER TABLE "public"."orders_asia" VALIDATE CONSTRAINT "region_reconcile_not_null";
COMMIT;

BEGIN;
-- set NOT NULL on public.orders_asia.region
ALTER TABLE "public"."orders_asia" ALTER COLUMN "region" SET NOT NULL, DROP CONSTRAINT "region_reconcile_not_null";
COMMIT;

-- build index public.orders_asia_orders_total_idx concurrently
CREATE INDEX CONCURRENTLY "orders_asia_orders_total_idx" ON "public"."orders_asia" USING "btree" ("total");

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
