-- reconcile plan for release spec; live fingerprint 2e1ed2e2a698e5ad7dfe6651370784d2590e9bbc9a72ed41f7e6922339401730

BEGIN;
-- recreate enum public.mood (values removed: meh; rows keep their values)
ALTER TYPE "public"."mood" RENAME TO "mood_reconcile_old";
CREATE TYPE "public"."mood" AS ENUM ('sad', 'happy');
ALTER TABLE "public"."people" ALTER COLUMN "feeling" DROP DEFAULT;
ALTER TABLE "public"."people" ALTER COLUMN "feeling" TYPE "public"."mood" USING "feeling"::pg_catalog.text::"public"."mood";
ALTER TABLE "public"."people" ALTER COLUMN "feeling" SET DEFAULT 'happy'::mood;
DROP TYPE "public"."mood_reconcile_old";
COMMIT;
