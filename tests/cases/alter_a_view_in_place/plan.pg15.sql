-- reconcile plan for release spec; live fingerprint 770bbaa6868255dd7b1a57142153639fab96afd6c0492c83bb1ec7cdf0fb9768

BEGIN;
-- replace view public.named
CREATE OR REPLACE VIEW "public"."named" WITH ("security_barrier" = 'true') AS
SELECT items.id,
    items.name,
    items.code
   FROM items
;
COMMIT;
