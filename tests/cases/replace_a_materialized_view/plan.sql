-- reconcile plan for release spec; live fingerprint e4e4288c2e6e23b184f7c71b92ed6e367919f3d67c4af2147f9c866bc28c734e

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
