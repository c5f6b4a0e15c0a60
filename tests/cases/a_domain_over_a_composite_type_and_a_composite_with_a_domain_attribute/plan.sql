-- reconcile plan for release spec; live fingerprint c2a49b5a652624f52383c36efdf665aa2fc6f04bfc215706440baccd7d6c978c

BEGIN;
-- create domain public.qty
CREATE DOMAIN "public"."qty" AS integer CONSTRAINT "qty_positive" CHECK ((VALUE > 0)
);
-- create composite type public.order_line
CREATE TYPE "public"."order_line" AS ("label" text, "n" qty);
-- create domain public.checked_line
CREATE DOMAIN "public"."checked_line" AS order_line CONSTRAINT "checked_line_small" CHECK ((((VALUE).n)::integer < 100)
);
-- create composite type public.a_part
CREATE TYPE "public"."a_part" AS ("line" checked_line, "lines" checked_line[]);
-- create table public.orders
CREATE TABLE "public"."orders" ("id" integer NOT NULL, "line" order_line);
-- add primary key public.orders.orders_pkey
ALTER TABLE "public"."orders" ADD CONSTRAINT "orders_pkey" PRIMARY KEY ("id");
COMMIT;
