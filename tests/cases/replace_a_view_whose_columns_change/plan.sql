-- reconcile plan for release spec; live fingerprint 983c3427b584b07281daf26e9f400f0b2f75ce7a073d9213d7d97c382979a442

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
