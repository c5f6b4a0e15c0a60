-- reconcile plan for release spec; live fingerprint c2a49b5a652624f52383c36efdf665aa2fc6f04bfc215706440baccd7d6c978c

BEGIN;
-- create composite type public.address
CREATE TYPE "public"."address" AS ("street" text, "zip" character varying(10));
-- create table public.people
CREATE TABLE "public"."people" ("id" integer NOT NULL, "home" address);
-- add primary key public.people.people_pkey
ALTER TABLE "public"."people" ADD CONSTRAINT "people_pkey" PRIMARY KEY ("id");
COMMIT;
