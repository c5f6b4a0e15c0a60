-- reconcile plan for release spec; live fingerprint 3eb7742e6ebbcb26080fb570948f0e9021dd2ec9ff4114c7ed68d6503f0493ac

BEGIN;
-- rename function public.old_label to label
ALTER FUNCTION "public"."old_label"(x integer) RENAME TO "label";
-- create procedure public.log_it
CREATE PROCEDURE public.log_it(IN msg text, IN level integer DEFAULT 1)
 LANGUAGE plpgsql
AS $procedure$BEGIN RAISE NOTICE '%', msg; END$procedure$;
-- set comment on function public.add_tax (metadata only)
COMMENT ON FUNCTION "public"."add_tax"(amount numeric) IS 'Adds the tax; it''s ''quoted''';
-- set comment on function public.label (metadata only)
COMMENT ON FUNCTION "public"."label"(x integer) IS 'travels with the rename';
-- set comment on procedure public.log_it (metadata only)
COMMENT ON PROCEDURE "public"."log_it"(IN msg text, IN level integer) IS 'Writes a notice';
COMMIT;
