-- reconcile plan for release spec; live fingerprint 85fa7eca91eded2037d0d4077ab4135a891f9d0a4ef6fe9bafaf56cb27aa7b02

BEGIN;
-- create sequence public.invoice_numbers
CREATE SEQUENCE "public"."invoice_numbers" INCREMENT BY 1 MINVALUE 1 MAXVALUE 999999 START WITH 1000 CACHE 1 NO CYCLE;
-- create table public.invoices
CREATE TABLE "public"."invoices" ("id" integer NOT NULL, "number" bigint NOT NULL);
-- add primary key public.invoices.invoices_pkey
ALTER TABLE "public"."invoices" ADD CONSTRAINT "invoices_pkey" PRIMARY KEY ("id");
-- sequence public.invoice_numbers owned by invoices.number
ALTER SEQUENCE "public"."invoice_numbers" OWNED BY "public"."invoices"."number";
COMMIT;
