-- reconcile plan for release spec; live fingerprint 995c871f97df2ecc193af7d864d604c5033fb81960eebd2eb7d6473fa7cf7baa

BEGIN;
-- create table public.customers
CREATE TABLE "public"."customers" ("id" integer NOT NULL, "name" text NOT NULL);
-- add primary key public.customers.customers_pkey
ALTER TABLE "public"."customers" ADD CONSTRAINT "customers_pkey" PRIMARY KEY ("id");
-- add foreign key public.orders.orders_customer_id_fkey NOT VALID
ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "public"."customers" ("id") ON DELETE NO ACTION ON UPDATE NO ACTION NOT VALID;
COMMIT;

BEGIN;
-- validate foreign key public.orders.orders_customer_id_fkey
ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_customer_id_fkey";
COMMIT;
