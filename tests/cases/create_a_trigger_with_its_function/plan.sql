-- reconcile plan for release spec; live fingerprint 4bcc2dd39915aabbf73a573ef924565e8f76cdd8f508a471a7d012b141fe5fa9

BEGIN;
-- create function public.note_change
CREATE FUNCTION public.note_change()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$BEGIN
  RETURN NULL;
END
$function$;
-- create function public.touch
CREATE FUNCTION public.touch()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$BEGIN
  NEW.updated_at := '2025-01-01 00:00:00+00';
  RETURN NEW;
END
$function$;
-- create trigger items_audit on public.items
CREATE TRIGGER items_audit AFTER INSERT OR DELETE ON public.items FOR EACH STATEMENT EXECUTE FUNCTION public.note_change();
-- create trigger items_touch on public.items
CREATE TRIGGER items_touch BEFORE UPDATE OF name ON public.items FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION public.touch();
COMMIT;
