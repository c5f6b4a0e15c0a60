-- reconcile plan for release spec; live fingerprint c2a49b5a652624f52383c36efdf665aa2fc6f04bfc215706440baccd7d6c978c

BEGIN;
-- create domain public.code
CREATE DOMAIN "public"."code" AS character varying(10) COLLATE "C" CONSTRAINT "code_short" CHECK ((length((VALUE)::text) > 0)
);
-- create domain public.plain_code
CREATE DOMAIN "public"."plain_code" AS code;
-- create table public.items
CREATE TABLE "public"."items" ("id" integer NOT NULL, "code" code, "other" plain_code);
-- add primary key public.items.items_pkey
ALTER TABLE "public"."items" ADD CONSTRAINT "items_pkey" PRIMARY KEY ("id");
COMMIT;
