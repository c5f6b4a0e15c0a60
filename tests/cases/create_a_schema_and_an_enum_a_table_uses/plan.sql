-- reconcile plan for release spec; live fingerprint c2a49b5a652624f52383c36efdf665aa2fc6f04bfc215706440baccd7d6c978c

BEGIN;
-- create schema billing
CREATE SCHEMA "billing";
-- create enum billing.status
CREATE TYPE "billing"."status" AS ENUM ('draft', 'sent', 'paid');
-- create table billing.invoices
CREATE TABLE "billing"."invoices" ("id" integer NOT NULL, "state" status DEFAULT 'draft'::status NOT NULL);
-- add primary key billing.invoices.invoices_pkey
ALTER TABLE "billing"."invoices" ADD CONSTRAINT "invoices_pkey" PRIMARY KEY ("id");
COMMIT;
