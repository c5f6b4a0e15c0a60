-- reconcile plan for release spec; live fingerprint bfdd7ceec96abd56ad64bb4ef88d9eb25cb3bf5391a4db9d1d1a29539a2c24c4

BEGIN;
-- archive public.items (note): capture writes into reconcile_archive.items__<run>
CREATE SCHEMA IF NOT EXISTS "reconcile_archive"; CREATE TABLE IF NOT EXISTS "reconcile_archive"."items__<run>" ("id" integer, "note" text, PRIMARY KEY ("id")); COMMENT ON TABLE "reconcile_archive"."items__<run>" IS '{"schema": "public", "table": "items", "columns": ["note"], "types": ["text"], "key": ["id"], "run": "<run>"}'; CREATE OR REPLACE FUNCTION "reconcile_archive"."items__<run>_capture"() RETURNS trigger LANGUAGE plpgsql AS $reconcile_<run>$BEGIN INSERT INTO "reconcile_archive"."items__<run>" ("id", "note") VALUES (NEW."id", NEW."note") ON CONFLICT ("id") DO UPDATE SET "note" = EXCLUDED."note"; RETURN NULL; END$reconcile_<run>$; DROP TRIGGER IF EXISTS "items__<run>_capture" ON "public"."items"; CREATE TRIGGER "items__<run>_capture" AFTER INSERT OR UPDATE ON "public"."items" FOR EACH ROW EXECUTE FUNCTION "reconcile_archive"."items__<run>_capture"();
COMMIT;

BEGIN;
-- archive public.items (note): copy existing values
INSERT INTO "reconcile_archive"."items__<run>" ("id", "note") SELECT "id", "note" FROM "public"."items" WHERE "note" IS NOT NULL ON CONFLICT ("id") DO NOTHING;
COMMIT;

BEGIN;
-- drop columns note of public.items (values archived in reconcile_archive.items__<run>) (dropping and re-creating view public.notes)
DROP VIEW "public"."notes";
DO $reconcile_<run>_captures$DECLARE r record; BEGIN FOR r IN SELECT t.tgname, p.oid::pg_catalog.regprocedure AS fn FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE t.tgrelid = '"public"."items"'::pg_catalog.regclass AND NOT t.tgisinternal AND n.nspname = 'reconcile_archive' LOOP EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, '"public"."items"'::pg_catalog.regclass); EXECUTE format('DROP FUNCTION IF EXISTS %s', r.fn); END LOOP; END$reconcile_<run>_captures$;
ALTER TABLE "public"."items" DROP COLUMN "note";
CREATE VIEW "public"."notes" AS
SELECT id,
    name
   FROM items
;
COMMIT;
