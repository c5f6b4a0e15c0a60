-- reconcile plan for release spec; live fingerprint c163b3dd3d144e7e1eded27257ecadabd73159845619fa0e5ecfe8e5d44fc0e5

BEGIN;
-- replace function public.touch
CREATE OR REPLACE FUNCTION public.touch()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$BEGIN NEW.updated_at := '2030-06-01 00:00:00+00'; NEW.name := upper(NEW.name); RETURN NEW; END$function$;
COMMIT;
