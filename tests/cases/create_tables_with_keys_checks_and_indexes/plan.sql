-- reconcile plan for release spec; live fingerprint c2a49b5a652624f52383c36efdf665aa2fc6f04bfc215706440baccd7d6c978c

BEGIN;
-- create table public.customers
CREATE TABLE "public"."customers" ("id" integer NOT NULL, "name" text NOT NULL);
-- add unique constraint public.customers.customers_name_key
ALTER TABLE "public"."customers" ADD CONSTRAINT "customers_name_key" UNIQUE ("name");
-- add check public.customers.customers_name_not_blank
ALTER TABLE "public"."customers" ADD CONSTRAINT "customers_name_not_blank" CHECK (name <> ''::text);
-- add primary key public.customers.customers_pkey
ALTER TABLE "public"."customers" ADD CONSTRAINT "customers_pkey" PRIMARY KEY ("id");
-- create table public.orders
CREATE TABLE "public"."orders" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "customer_id" integer NOT NULL, "total" numeric(10,2) DEFAULT 0 NOT NULL, "placed_at" timestamp with time zone DEFAULT now() NOT NULL, "status" text);
-- build index public.orders_customer_placed_idx
CREATE INDEX "orders_customer_placed_idx" ON "public"."orders" USING "btree" ("customer_id", "placed_at" DESC);
-- build index public.orders_open_idx
CREATE INDEX "orders_open_idx" ON "public"."orders" USING "btree" ("customer_id") WHERE (status = 'open'::text);
-- add primary key public.orders.orders_pkey
ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_pkey" PRIMARY KEY ("id");
-- add foreign key public.orders.orders_customer_id_fkey
ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "public"."customers" ("id") ON DELETE CASCADE ON UPDATE NO ACTION;
COMMIT;
