-- reconcile plan for release spec; live fingerprint bc1ed54fb6d5cc2c65b0e5daf061d401dfc1bdc71a906ea9c7c124df7058b3d9

BEGIN;
-- recreate enum public.mood (values reordered; rows keep their values)
ALTER TYPE "public"."mood" RENAME TO "mood_reconcile_old";
CREATE TYPE "public"."mood" AS ENUM ('happy', 'sad');
ALTER TABLE "public"."people" ALTER COLUMN "feeling" DROP DEFAULT;
ALTER TABLE "public"."people" ALTER COLUMN "feeling" TYPE "public"."mood" USING "feeling"::pg_catalog.text::"public"."mood";
ALTER TABLE "public"."people" ALTER COLUMN "feeling" SET DEFAULT 'happy'::mood;
DROP TYPE "public"."mood_reconcile_old";
COMMIT;
