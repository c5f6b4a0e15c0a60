-- reconcile plan for release spec; live fingerprint ae9fd99b612d0b920705ff75645fceb20dd1628a2f0642196a79cee00063493b

BEGIN;
-- alter sequence public.counters options (current value kept)
ALTER SEQUENCE "public"."counters" INCREMENT BY 10 MINVALUE 1 MAXVALUE 1000000 START WITH 5 CACHE 5 CYCLE;
COMMIT;
