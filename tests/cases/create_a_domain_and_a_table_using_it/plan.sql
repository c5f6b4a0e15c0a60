-- reconcile plan for release spec; live fingerprint c2a49b5a652624f52383c36efdf665aa2fc6f04bfc215706440baccd7d6c978c

BEGIN;
-- create schema billing
CREATE SCHEMA "billing";
-- create domain billing.amount
CREATE DOMAIN "billing"."amount" AS numeric(12,2) DEFAULT (0
) NOT NULL CONSTRAINT "amount_not_negative" CHECK ((VALUE >= (0)::numeric)
);
-- create table billing.invoices
CREATE TABLE "billing"."invoices" ("id" integer NOT NULL, "total" amount);
-- add primary key billing.invoices.invoices_pkey
ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_pkey" PRIMARY KEY ("id");
COMMIT;
