-- reconcile plan for release spec; live fingerprint c163b3dd3d144e7e1eded27257ecadabd73159845619fa0e5ecfe8e5d44fc0e5

BEGIN;
-- replace trigger items_touch on public.items
CREATE OR REPLACE TRIGGER items_touch BEFORE UPDATE OF name ON public.items FOR EACH ROW WHEN ((old.name IS DISTINCT FROM new.name)) EXECUTE FUNCTION public.touch();
COMMIT;
