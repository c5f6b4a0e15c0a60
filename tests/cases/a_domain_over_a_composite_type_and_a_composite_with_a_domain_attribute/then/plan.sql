-- reconcile plan for release spec; live fingerprint cfe85cfe9df265f4b706d7c0d169213fd93cdee93040973d6b2d4c4e7c13e484

BEGIN;
-- drop composite type public.a_part
DROP TYPE "public"."a_part";
-- drop domain public.checked_line
DROP DOMAIN "public"."checked_line";
COMMIT;
