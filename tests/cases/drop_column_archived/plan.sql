-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

BEGIN;
-- archive public.items (note): capture writes into reconcile_archive.items__<run>
CREATE SCHEMA IF NOT EXISTS "reconcile_archive"; CREATE TABLE IF NOT EXISTS "reconcile_archive"."items__<run>" ("id" integer, "note" text, PRIMARY KEY ("id")); COMMENT ON TABLE "reconcile_archive"."items__<run>" IS '{"schema": "public", "table": "items", "columns": ["note"], "types": ["text"], "key": ["id"], "run": "<run>"}'; CREATE OR REPLACE FUNCTION "reconcile_archive"."items__<run>_capture"() RETURNS trigger LANGUAGE plpgsql AS $reconcile_<run>$BEGIN INSERT INTO "reconcile_archive"."items__<run>" ("id", "note") VALUES (NEW."id", NEW."note") ON CONFLICT ("id") DO UPDATE SET "note" = EXCLUDED."note"; RETURN NULL; END$reconcile_<run>$; DROP TRIGGER IF EXISTS "items__<run>_capture" ON "public"."items"; CREATE TRIGGER "items__<run>_capture" AFTER INSERT OR UPDATE ON "public"."items" FOR EACH ROW EXECUTE FUNCTION "reconcile_archive"."items__<run>_capture"();
COMMIT;

BEGIN;
-- archive public.items (note): copy existing values
INSERT INTO "reconcile_archive"."items__<run>" ("id", "note") SELECT "id", "note" FROM "public"."items" WHERE "note" IS NOT NULL ON CONFLICT ("id") DO NOTHING;
COMMIT;

BEGIN;
-- drop columns note of public.items (values archived in reconcile_archive.items__<run>)
DO $reconcile_<run>_captures$DECLARE r record; BEGIN FOR r IN SELECT t.tgname, p.oid::pg_catalog.regprocedure AS fn FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE t.tgrelid = '"public"."items"'::pg_catalog.regclass AND NOT t.tgisinternal AND n.nspname = 'reconcile_archive' LOOP EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, '"public"."items"'::pg_catalog.regclass); EXECUTE format('DROP FUNCTION IF EXISTS %s', r.fn); END LOOP; END$reconcile_<run>_captures$; ALTER TABLE "public"."items" DROP COLUMN "note";
COMMIT;
