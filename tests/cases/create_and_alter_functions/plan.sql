-- reconcile plan for release spec; live fingerprint ae1a9c547c5e336916054306063cb69c9cb5b4fa3acfacd9d2f002ca4f57b7bc

BEGIN;
-- create function public.doubled
CREATE FUNCTION public.doubled(x integer DEFAULT 1)
 RETURNS integer
 LANGUAGE sql
 IMMUTABLE
RETURN (x * 2);
-- create function public.total_price
CREATE FUNCTION public.total_price()
 RETURNS numeric
 LANGUAGE plpgsql
 STABLE
 SET search_path TO 'public'
AS $function$DECLARE s numeric;
BEGIN
  SELECT sum(with_tax(price)) INTO s FROM items;
  RETURN s;
END
$function$;
-- replace function public.with_tax
CREATE OR REPLACE FUNCTION public.with_tax(amount numeric)
 RETURNS numeric
 LANGUAGE sql
 IMMUTABLE STRICT
AS $function$SELECT amount * 1.2$function$;
-- create procedure public.reprice
CREATE PROCEDURE public.reprice(IN factor numeric)
 LANGUAGE sql
AS $procedure$UPDATE items SET price = price * factor$procedure$;
COMMIT;
