-- reconcile plan for release spec; live fingerprint 97c199bbf2fa86c04af2081db5998486fb516a6a60ea466c802bbe8281e59c40

BEGIN;
-- drop materialized view public.totals
DROP MATERIALIZED VIEW "public"."totals";
-- create materialized view public.totals
CREATE MATERIALIZED VIEW "public"."totals" AS
SELECT count(*) AS n,
    sum(items.qty) AS qty
   FROM items
;
COMMIT;
