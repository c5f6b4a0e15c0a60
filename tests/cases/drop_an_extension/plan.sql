-- reconcile plan for release spec; live fingerprint f86048d58f04d06b39387ba64a9eb6c00b7b9d8e0cdbee6e117c06e629e01070

BEGIN;
-- create table public.items
CREATE TABLE "public"."items" ("id" integer NOT NULL);
-- add primary key public.items.items_pkey
ALTER TABLE "public"."items" ADD CONSTRAINT "items_pkey" PRIMARY KEY ("id");
-- drop extension seg
DROP EXTENSION "seg";
COMMIT;
