-- reconcile plan for release spec; live fingerprint ab5cd97764826a06d086974e9775fff1c3af9638174aee49fa7de76fed148566

BEGIN;
-- recreate enum public.mood (values removed: meh; rows keep their values) (dropping and re-creating check people_not_sad on public.people)
ALTER TABLE "public"."people" DROP CONSTRAINT IF EXISTS "people_not_sad";
ALTER TYPE "public"."mood" RENAME TO "mood_reconcile_old";
CREATE TYPE "public"."mood" AS ENUM ('sad', 'happy');
ALTER TABLE "public"."people" ALTER COLUMN "feeling" DROP DEFAULT;
ALTER TABLE "public"."people" ALTER COLUMN "feeling" TYPE "public"."mood" USING "feeling"::pg_catalog.text::"public"."mood";
ALTER TABLE "public"."people" ALTER COLUMN "feeling" SET DEFAULT 'happy'::mood;
DROP TYPE "public"."mood_reconcile_old";
ALTER TABLE "public"."people" ADD CONSTRAINT "people_not_sad" CHECK (feeling <> 'sad'::mood OR id > 0);
COMMIT;
