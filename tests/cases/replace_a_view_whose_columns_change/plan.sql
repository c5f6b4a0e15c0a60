-- reconcile plan for release spec; live fingerprint d02ce4012f2c8a1f4aac76fe69e2bc1d113d27718cff7c1f8f293c8c8d432fac

BEGIN;
-- drop view public.named
DROP VIEW "public"."named";
-- create view public.named
CREATE VIEW "public"."named" AS
SELECT name,
    (id)::text AS id
   FROM items
;
COMMIT;
