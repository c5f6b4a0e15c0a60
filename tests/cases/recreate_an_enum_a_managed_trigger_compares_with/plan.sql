-- reconcile plan for release spec; live fingerprint 229586462ab073a1b0288eacab6f233ea516fd9d8264edb392ef8ff4f13d2e98

BEGIN;
-- recreate enum public.mood (values removed: meh; rows keep their values) (dropping and re-creating trigger people_cheer on public.people)
DROP TRIGGER IF EXISTS "people_cheer" ON "public"."people";
ALTER TYPE "public"."mood" RENAME TO "mood_reconcile_old";
CREATE TYPE "public"."mood" AS ENUM ('happy', 'sad');
ALTER TABLE "public"."people" ALTER COLUMN "feeling" TYPE "public"."mood" USING "feeling"::pg_catalog.text::"public"."mood";
DROP TYPE "public"."mood_reconcile_old";
CREATE TRIGGER people_cheer BEFORE UPDATE ON public.people FOR EACH ROW WHEN ((new.feeling = 'sad'::mood)) EXECUTE FUNCTION public.cheer_up();
COMMIT;
