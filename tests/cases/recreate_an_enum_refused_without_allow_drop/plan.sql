-- reconcile plan for release spec; live fingerprint f49dd0a19c76e0fe13c630eb2d8c3637272fb9f125f414ce326b1ac3550d4be9

BEGIN;
-- recreate enum public.mood (values reordered; rows keep their values)
ALTER TYPE "public"."mood" RENAME TO "mood_reconcile_old";
CREATE TYPE "public"."mood" AS ENUM ('happy', 'sad');
ALTER TABLE "public"."people" ALTER COLUMN "feeling" DROP DEFAULT;
ALTER TABLE "public"."people" ALTER COLUMN "feeling" TYPE "public"."mood" USING "feeling"::pg_catalog.text::"public"."mood";
ALTER TABLE "public"."people" ALTER COLUMN "feeling" SET DEFAULT 'happy'::mood;
DROP TYPE "public"."mood_reconcile_old";
COMMIT;
