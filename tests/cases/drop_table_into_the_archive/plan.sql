-- reconcile plan for release spec; live fingerprint 4efff2191a2ffabcebd1de8deb8d952e07d2eeae5691378eca83acb2a26616c8

BEGIN;
-- drop table public.old_items: move it into reconcile_archive.old_items__<run> (no data copied; `reconcile archive restore`)
CREATE SCHEMA IF NOT EXISTS "reconcile_archive"; CREATE TABLE IF NOT EXISTS "reconcile_archive"."archived_tables" (name text PRIMARY KEY, schema text NOT NULL, "table" text NOT NULL, run text NOT NULL, archived_at timestamptz NOT NULL DEFAULT now()); ALTER TABLE "public"."old_items" RENAME TO "old_items__<run>"; ALTER TABLE "public"."old_items__<run>" SET SCHEMA "reconcile_archive"; INSERT INTO "reconcile_archive"."archived_tables" (name, schema, "table", run) VALUES ('old_items__<run>', 'public', 'old_items', '<run>');
COMMIT;
