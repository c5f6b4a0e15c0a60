-- reconcile plan for release spec; live fingerprint 194579d15fa179a65fa2178623d12e7498cbabcb163e65caadc0d028213776a9

BEGIN;
-- detach partition public.orders_us from public.orders
ALTER TABLE "public"."orders" DETACH PARTITION "public"."orders_us";
-- drop table public.orders_us: move it into reconcile_archive.orders_us__<run> (no data copied; `reconcile archive restore`)
CREATE SCHEMA IF NOT EXISTS "reconcile_archive"; CREATE TABLE IF NOT EXISTS "reconcile_archive"."archived_tables" (name text PRIMARY KEY, schema text NOT NULL, "table" text NOT NULL, run text NOT NULL, archived_at timestamptz NOT NULL DEFAULT now()); ALTER TABLE "public"."orders_us" RENAME TO "orders_us__<run>"; ALTER TABLE "public"."orders_us__<run>" SET SCHEMA "reconcile_archive"; INSERT INTO "reconcile_archive"."archived_tables" (name, schema, "table", run) VALUES ('orders_us__<run>', 'public', 'orders_us', '<run>');
COMMIT;
