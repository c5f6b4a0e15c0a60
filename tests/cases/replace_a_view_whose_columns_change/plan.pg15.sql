-- reconcile plan for release spec; live fingerprint 920299c711409ed9b92f32e65301baa9499e88dc2ca22dba48d99f8b2fb58a55

BEGIN;
-- drop view public.named
DROP VIEW "public"."named";
-- create view public.named
CREATE VIEW "public"."named" AS
SELECT items.name,
    (items.id)::text AS id
   FROM items
;
COMMIT;
