-- reconcile plan for release spec; live fingerprint 76c9751598e7250902f18688012643f79fc14877df23d7b0d585cabd7976d92f

BEGIN;
-- composite type public.address: drop attribute zip
ALTER TYPE "public"."address" DROP ATTRIBUTE "zip";
-- composite type public.address: add attribute city
ALTER TYPE "public"."address" ADD ATTRIBUTE "city" text;
COMMIT;
