-- reconcile plan for release spec; live fingerprint 7934f429ea1af5bb5e86db587de44db7d030fe6bc38f6c1e781c765792ea47ee

BEGIN;
-- archive public.lines (total): capture writes into reconcile_archive.lines__<run>
CREATE SCHEMA IF NOT EXISTS "reconcile_archive"; CREATE TABLE IF NOT EXISTS "reconcile_archive"."lines__<run>" ("id" integer, "total" numeric(12,2), PRIMARY KEY ("id")); COMMENT ON TABLE "reconcile_archive"."lines__<run>" IS '{"schema": "public", "table": "lines", "columns": ["total"], "types": ["numeric(12,2)"], "key": ["id"], "run": "<run>"}'; CREATE OR REPLACE FUNCTION "reconcile_archive"."lines__<run>_capture"() RETURNS trigger LANGUAGE plpgsql AS $reconcile_<run>$BEGIN INSERT INTO "reconcile_archive"."lines__<run>" ("id", "total") VALUES (NEW."id", NEW."total") ON CONFLICT ("id") DO UPDATE SET "total" = EXCLUDED."total"; RETURN NULL; END$reconcile_<run>$; DROP TRIGGER IF EXISTS "lines__<run>_capture" ON "public"."lines"; CREATE TRIGGER "lines__<run>_capture" AFTER INSERT OR UPDATE ON "public"."lines" FOR EACH ROW EXECUTE FUNCTION "reconcile_archive"."lines__<run>_capture"();
COMMIT;

BEGIN;
-- archive public.lines (total): copy existing values
INSERT INTO "reconcile_archive"."lines__<run>" ("id", "total") SELECT "id", "total" FROM "public"."lines" WHERE "total" IS NOT NULL ON CONFLICT ("id") DO NOTHING;
COMMIT;

BEGIN;
-- drop columns total of public.lines (values archived in reconcile_archive.lines__<run>)
DO $reconcile_<run>_captures$DECLARE r record; BEGIN FOR r IN SELECT t.tgname, p.oid::pg_catalog.regprocedure AS fn FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE t.tgrelid = '"public"."lines"'::pg_catalog.regclass AND NOT t.tgisinternal AND n.nspname = 'reconcile_archive' LOOP EXECUTE format('DROP TRIGGER %I ON %s', r.tgname, '"public"."lines"'::pg_catalog.regclass); EXECUTE format('DROP FUNCTION IF EXISTS %s', r.fn); END LOOP; END$reconcile_<run>_captures$; ALTER TABLE "public"."lines" DROP COLUMN "total";
-- add column public.lines.total numeric(12,2)
ALTER TABLE "public"."lines" ADD COLUMN "total" numeric(12,2) GENERATED ALWAYS AS (((price * (qty)::numeric) - discount)) STORED;
COMMIT;
