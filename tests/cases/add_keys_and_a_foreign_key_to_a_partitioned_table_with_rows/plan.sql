-- reconcile plan for release spec; live fingerprint c5f39feb3a59b0944e0e2762cee4d0053217df30d2974b741c9ca95d9ce85b66

BEGIN;
-- add NOT VALID null check on public.orders.total
ALTER TABLE "public"."orders" ADD CONSTRAINT "total_reconcile_not_null" CHECK ("total" IS NOT NULL) NOT VALID;
COMMIT;

BEGIN;
-- validate null check on public.orders.total
ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "total_reconcile_not_null";
COMMIT;

BEGIN;
-- set NOT NULL on public.orders.total
ALTER TABLE "public"."orders" ALTER COLUMN "total" SET NOT NULL, DROP CONSTRAINT "total_reconcile_not_null";
-- add primary key public.orders.orders_pkey on only the parent (INVALID until its partitions attach)
ALTER TABLE ONLY "public"."orders" ADD CONSTRAINT "orders_pkey" PRIMARY KEY ("id", "region");
COMMIT;

-- build unique index public.orders_eu_orders_pkey concurrently on partition public.orders_eu
CREATE UNIQUE INDEX CONCURRENTLY "orders_eu_orders_pkey" ON "public"."orders_eu" ("id", "region");

BEGIN;
-- make public.orders_eu_orders_pkey the key of public.orders_eu
ALTER TABLE "public"."orders_eu" ADD CONSTRAINT "orders_eu_orders_pkey" PRIMARY KEY USING INDEX "orders_eu_orders_pkey";
-- attach public.orders_eu_orders_pkey to orders_pkey
ALTER INDEX "public"."orders_pkey" ATTACH PARTITION "public"."orders_eu_orders_pkey";
COMMIT;

-- build unique index public.orders_us_orders_pkey concurrently on partition public.orders_us
CREATE UNIQUE INDEX CONCURRENTLY "orders_us_orders_pkey" ON "public"."orders_us" ("id", "region");

BEGIN;
-- make public.orders_us_orders_pkey the key of public.orders_us
ALTER TABLE "public"."orders_us" ADD CONSTRAINT "orders_us_orders_pkey" PRIMARY KEY USING INDEX "orders_us_orders_pkey";
-- attach public.orders_us_orders_pkey to orders_pkey
ALTER INDEX "public"."orders_pkey" ATTACH PARTITION "public"."orders_us_orders_pkey";
-- add check public.orders.orders_total_check NOT VALID
ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_total_check" CHECK (total >= 0::numeric) NOT VALID;
COMMIT;

BEGIN;
-- validate check public.orders.orders_total_check
ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_total_check";
COMMIT;

BEGIN;
-- add foreign key public.orders_eu.orders_cust_fkey NOT VALID
ALTER TABLE "public"."orders_eu" ADD CONSTRAINT "orders_cust_fkey" FOREIGN KEY ("cust") REFERENCES "public"."cust" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID;
COMMIT;

BEGIN;
-- validate foreign key public.orders_eu.orders_cust_fkey
ALTER TABLE "public"."orders_eu" VALIDATE CONSTRAINT "orders_cust_fkey";
COMMIT;

BEGIN;
-- add foreign key public.orders_us.orders_cust_fkey NOT VALID
ALTER TABLE "public"."orders_us" ADD CONSTRAINT "orders_cust_fkey" FOREIGN KEY ("cust") REFERENCES "public"."cust" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID;
COMMIT;

BEGIN;
-- validate foreign key public.orders_us.orders_cust_fkey
ALTER TABLE "public"."orders_us" VALIDATE CONSTRAINT "orders_cust_fkey";
COMMIT;

BEGIN;
-- add foreign key public.orders.orders_cust_fkey
ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_cust_fkey" FOREIGN KEY ("cust") REFERENCES "public"."cust" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION;
COMMIT;
