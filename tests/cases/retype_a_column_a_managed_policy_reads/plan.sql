-- reconcile plan for release spec; live fingerprint c630f97f48794c52a59c16f8677d63c9e083d122d4afdd873ffcf3f3107872bb

BEGIN;
-- change type of public.docs.level: integer -> bigint (dropping and re-creating policy low_levels on public.docs)
DROP POLICY IF EXISTS "low_levels" ON "public"."docs";
ALTER TABLE "public"."docs" ALTER COLUMN "level" TYPE bigint USING "level"::bigint;
CREATE POLICY "low_levels" ON "public"."docs" AS PERMISSIVE FOR SELECT TO PUBLIC USING ((level < 3)
);
COMMIT;
