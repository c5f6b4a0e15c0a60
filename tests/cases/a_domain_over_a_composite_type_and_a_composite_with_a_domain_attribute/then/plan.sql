-- reconcile plan for release spec; live fingerprint 5c49443b7f65cc17d9a479c43db6cf57330ff5ba62b63455a76b638418f3e785

BEGIN;
-- drop composite type public.a_part
DROP TYPE "public"."a_part";
-- drop domain public.checked_line
DROP DOMAIN "public"."checked_line";
COMMIT;
