-- reconcile plan for release spec; live fingerprint 8406fe3131c88a7cc1515263d6d8c021329f2b3763672d8a60f6321a44ca3d7e

BEGIN;
-- add foreign key public.orders.orders_customer_id_fkey NOT VALID
ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "public"."customers" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID;
COMMIT;

BEGIN;
-- validate foreign key public.orders.orders_customer_id_fkey
ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_customer_id_fkey";
COMMIT;
