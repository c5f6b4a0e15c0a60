-- reconcile plan for release spec; live fingerprint 32d40f3ae3a40f172f56c9b1f938ed7bb57bb164f16443c64db9dee78f3fb679

BEGIN;
-- create extension cube
CREATE EXTENSION IF NOT EXISTS "cube" SCHEMA "public" VERSION '1.4';
-- create extension hstore
CREATE EXTENSION IF NOT EXISTS "hstore" SCHEMA "public";
-- create table public.items
CREATE TABLE "public"."items" ("id" integer NOT NULL, "attrs" hstore, "box" cube);
-- add primary key public.items.items_pkey
ALTER TABLE "public"."items" ADD CONSTRAINT "items_pkey" PRIMARY KEY ("id");
COMMIT;
