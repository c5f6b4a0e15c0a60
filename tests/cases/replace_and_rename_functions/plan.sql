-- reconcile plan for release spec; live fingerprint b4dfb4825c3276a2f1af2f1c721380007ed5ad1e04286fdd40a966882d23e9b7

BEGIN;
-- drop function public.add_one
DROP FUNCTION "public"."add_one"(x integer);
-- create function public.add_one
CREATE FUNCTION public.add_one(x bigint)
 RETURNS bigint
 LANGUAGE sql
 IMMUTABLE
AS $function$SELECT x + 1$function$;
-- rename function public.old_greet to greet
ALTER FUNCTION "public"."old_greet"(who text) RENAME TO "greet";
-- replace function public.greet
CREATE OR REPLACE FUNCTION public.greet(who text)
 RETURNS text
 LANGUAGE sql
AS $function$SELECT 'hello ' || who$function$;
COMMIT;
