-- reconcile plan for release spec; live fingerprint 105daa3233131bdbbb9126bdad1776f1c2ed065cca9e9d48f0d9d38daa3c03c0

BEGIN;
-- recreate enum public.mood (values removed: meh; rows keep their values)
ALTER TYPE "public"."mood" RENAME TO "mood_reconcile_old";
CREATE TYPE "public"."mood" AS ENUM ('sad', 'happy');
ALTER TABLE "public"."people" ALTER COLUMN "feeling" DROP DEFAULT;
ALTER TABLE "public"."people" ALTER COLUMN "feeling" TYPE "public"."mood" USING "feeling"::pg_catalog.text::"public"."mood";
ALTER TABLE "public"."people" ALTER COLUMN "history" DROP DEFAULT;
ALTER TABLE "public"."people" ALTER COLUMN "history" TYPE "public"."mood"[] USING "history"::pg_catalog.text[]::"public"."mood"[];
ALTER TABLE "public"."people" ALTER COLUMN "history" SET DEFAULT '{}'::mood[];
DROP TYPE "public"."mood_reconcile_old";
-- set default of public.people.feeling
ALTER TABLE "public"."people" ALTER COLUMN "feeling" SET DEFAULT 'happy'::mood;
COMMIT;
