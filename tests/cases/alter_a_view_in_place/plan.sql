-- reconcile plan for release spec; live fingerprint b6d6355aa6d289272b4116a7b3648edc1e19bc1e178a5de4a4f035a2507ce479

BEGIN;
-- replace view public.named
CREATE OR REPLACE VIEW "public"."named" WITH ("security_barrier" = 'true') AS
SELECT items.id,
    items.name,
    items.code
   FROM items
;
COMMIT;
