-- reconcile plan for release spec; live fingerprint e69503fb3e175402bf93435639c7543462808ff2d1e2104ee2a5f4b9cf0792db

BEGIN;
-- recreate enum public.mood (values removed: meh; rows keep their values) (dropping and re-creating function public.how_many, function public.cheer)
DROP FUNCTION "public"."cheer"(m mood);
DROP FUNCTION "public"."how_many"(m mood);
ALTER TYPE "public"."mood" RENAME TO "mood_reconcile_old";
CREATE TYPE "public"."mood" AS ENUM ('happy', 'sad');
ALTER TABLE "public"."people" ALTER COLUMN "feeling" TYPE "public"."mood" USING "feeling"::pg_catalog.text::"public"."mood";
DROP TYPE "public"."mood_reconcile_old";
CREATE OR REPLACE FUNCTION public.how_many(m mood)
 RETURNS bigint
 LANGUAGE sql
 STABLE
BEGIN ATOMIC
 SELECT count(*) AS count
    FROM people
   WHERE (people.feeling = how_many.m);
END;
CREATE OR REPLACE FUNCTION public.cheer(m mood)
 RETURNS mood
 LANGUAGE sql
 IMMUTABLE
AS $function$SELECT 'happy'::mood$function$;
COMMIT;
