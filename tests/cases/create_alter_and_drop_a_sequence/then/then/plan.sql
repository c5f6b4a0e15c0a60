-- reconcile plan for release spec; live fingerprint 70b99478daa6269de576d18fb25e2ef437eaec19daeebeda620bf4b45bdda66c

BEGIN;
-- drop sequence public.counters
DROP SEQUENCE "public"."counters";
COMMIT;
