-- reconcile plan for release spec; live fingerprint e4a74c3f8ab023252527b59ef9e7ffdb1480a553a36b5483a5a8912cb48bf141

BEGIN;
-- recreate composite type public.address (attribute zip type character varying(5) -> character varying(10); columns converted) (dropping and re-creating view public.zips)
DROP VIEW "public"."zips";
ALTER TYPE "public"."address" RENAME TO "address_reconcile_old";
CREATE TYPE "public"."address" AS ("street" text, "zip" character varying(10));
ALTER TABLE "public"."people" ALTER COLUMN "home" TYPE "public"."address" USING "home"::pg_catalog.text::"public"."address";
ALTER TABLE "public"."people" ALTER COLUMN "old_homes" DROP DEFAULT;
ALTER TABLE "public"."people" ALTER COLUMN "old_homes" TYPE "public"."address"[] USING "old_homes"::pg_catalog.text[]::"public"."address"[];
ALTER TABLE "public"."people" ALTER COLUMN "old_homes" SET DEFAULT '{}'::address[];
DROP TYPE "public"."address_reconcile_old";
CREATE VIEW "public"."zips" AS
SELECT people.id,
    (people.home).zip AS zip
   FROM people
;
-- composite type public.address: add attribute city
ALTER TYPE "public"."address" ADD ATTRIBUTE "city" text;
COMMIT;
