-- reconcile plan for release spec; live fingerprint c163b3dd3d144e7e1eded27257ecadabd73159845619fa0e5ecfe8e5d44fc0e5

BEGIN;
-- drop trigger items_touch on public.items
DROP TRIGGER "items_touch" ON "public"."items";
COMMIT;
