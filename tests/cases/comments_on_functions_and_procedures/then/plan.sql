-- reconcile plan for release spec; live fingerprint 5fcf9c8f3cc7880102944ca87dabf1ce84bf84193335c5a5514541f69ee7d99b

BEGIN;
-- drop function public.add_tax
DROP FUNCTION "public"."add_tax"(amount numeric);
-- create function public.add_tax
CREATE FUNCTION public.add_tax(amount numeric, rate numeric DEFAULT 0.2)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE
AS $function$SELECT amount * (1 + rate)$function$;
-- remove comment on procedure public.log_it (metadata only)
COMMENT ON PROCEDURE "public"."log_it"(IN msg text, IN level integer) IS NULL;
-- set comment on function public.add_tax (metadata only)
COMMENT ON FUNCTION "public"."add_tax"(amount numeric, rate numeric) IS 'Adds the tax; it''s ''quoted''';
COMMIT;
