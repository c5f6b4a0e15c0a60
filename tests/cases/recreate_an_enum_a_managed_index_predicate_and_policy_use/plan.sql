-- reconcile plan for release spec; live fingerprint d30bdbecc62eb5daa5ed953c99149381d3673122cb063728bef24ffbd135e0c3

BEGIN;
-- recreate enum public.mood (values removed: meh; rows keep their values) (dropping and re-creating policy not_sad on public.people, index people_sad on public.people)
DROP INDEX IF EXISTS "public"."people_sad";
DROP POLICY IF EXISTS "not_sad" ON "public"."people";
ALTER TYPE "public"."mood" RENAME TO "mood_reconcile_old";
CREATE TYPE "public"."mood" AS ENUM ('happy', 'sad');
ALTER TABLE "public"."people" ALTER COLUMN "feeling" TYPE "public"."mood" USING "feeling"::pg_catalog.text::"public"."mood";
DROP TYPE "public"."mood_reconcile_old";
CREATE POLICY "not_sad" ON "public"."people" AS PERMISSIVE FOR ALL TO PUBLIC USING ((feeling <> 'sad'::mood)
);
CREATE INDEX "people_sad" ON "public"."people" USING "btree" ("id") WHERE (feeling = 'sad'::mood);
COMMIT;
