-- reconcile plan for release spec; live fingerprint 6258d3d759e9f5f819dde583d349d60619bf122e11c038faab097226d92ee01b

BEGIN;
-- recreate enum public.mood (values removed: meh; rows keep their values) (dropping and re-creating view public.sad_people, view public.sad_count)
DROP VIEW "public"."sad_count";
DROP VIEW "public"."sad_people";
ALTER TYPE "public"."mood" RENAME TO "mood_reconcile_old";
CREATE TYPE "public"."mood" AS ENUM ('sad', 'happy');
ALTER TABLE "public"."people" ALTER COLUMN "feeling" DROP DEFAULT;
ALTER TABLE "public"."people" ALTER COLUMN "feeling" TYPE "public"."mood" USING "feeling"::pg_catalog.text::"public"."mood";
ALTER TABLE "public"."people" ALTER COLUMN "feeling" SET DEFAULT 'happy'::mood;
DROP TYPE "public"."mood_reconcile_old";
CREATE VIEW "public"."sad_people" AS
SELECT id,
    feeling
   FROM people
  WHERE (feeling = 'sad'::mood)
;
CREATE VIEW "public"."sad_count" AS
SELECT count(*) AS n
   FROM sad_people
;
COMMIT;
