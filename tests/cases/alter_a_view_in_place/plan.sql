-- reconcile plan for release spec; live fingerprint 1551682281b9ce22c2bac735afcf1497b57c4fb004562d645743b6a4218f0e0d

BEGIN;
-- replace view public.named
CREATE OR REPLACE VIEW "public"."named" WITH ("security_barrier" = 'true') AS
SELECT id,
    name,
    code
   FROM items
;
COMMIT;
