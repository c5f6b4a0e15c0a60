-- reconcile plan for release spec; live fingerprint 09aed4b23a2b7990987d5f977c08dcc58007d008b568a395380b14d19a8c886c

BEGIN;
-- archive public.items (code): capture writes into reconcile_archive.items__<run>
CREATE SCHEMA IF NOT EXISTS "reconcile_archive"; CREATE TABLE IF NOT EXISTS "reconcile_archive"."items__<run>" ("id" integer, "code" character varying(20), PRIMARY KEY ("id")); COMMENT ON TABLE "reconcile_archive"."items__<run>" IS '{"schema": "public", "table": "items", "columns": ["code"], "types": ["character varying(20)"], "key": ["id"], "run": "<run>"}'; CREATE OR REPLACE FUNCTION "reconcile_archive"."items__<run>_capture"() RETURNS trigger LANGUAGE plpgsql AS $reconcile_<run>$BEGIN INSERT INTO "reconcile_archive"."items__<run>" ("id", "code") VALUES (NEW."id", NEW."code") ON CONFLICT ("id") DO UPDATE SET "code" = EXCLUDED."code"; RETURN NULL; END$reconcile_<run>$; DROP TRIGGER IF EXISTS "items__<run>_capture" ON "public"."items"; CREATE TRIGGER "items__<run>_capture" AFTER INSERT OR UPDATE ON "public"."items" FOR EACH ROW EXECUTE FUNCTION "reconcile_archive"."items__<run>_capture"();
COMMIT;

BEGIN;
-- archive public.items (code): copy existing values
INSERT INTO "reconcile_archive"."items__<run>" ("id", "code") SELECT "id", "code" FROM "public"."items" WHERE "code" IS NOT NULL ON CONFLICT ("id") DO NOTHING;
COMMIT;

-- drop index public.items_code_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."items_code_idx";

BEGIN;
-- drop columns code of public.items (values archived in reconcile_archive.items__<run>)
DO $reconcile_<run>_captures$DECLARE r record; BEGIN FOR r IN SELECT t.tgname, p.oid::pg_catalog.regprocedure AS fn FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE t.tgrelid = '"public"."items"'::pg_catalog.regclass AND NOT t.tgisinternal AND n.nspname = 'reconcile_archive' LOOP EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, '"public"."items"'::pg_catalog.regclass); EXECUTE format('DROP FUNCTION IF EXISTS %s', r.fn); END LOOP; END$reconcile_<run>_captures$; ALTER TABLE "public"."items" DROP COLUMN "code";
COMMIT;
