-- reconcile plan for release spec; live fingerprint a188e8b2a2f1181f010df435b720428a33e832a30808e291e022bebb22ecde58

BEGIN;
-- composite type public.address: drop attribute zip
ALTER TYPE "public"."address" DROP ATTRIBUTE "zip";
-- composite type public.address: add attribute city
ALTER TYPE "public"."address" ADD ATTRIBUTE "city" text;
COMMIT;
