-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

BEGIN;
-- create materialized view public.item_totals
CREATE MATERIALIZED VIEW "public"."item_totals" AS
SELECT count(*) AS items,
    sum(items.qty) AS qty
   FROM items
;
-- create view public.cheap_items
CREATE VIEW "public"."cheap_items" WITH ("security_barrier" = 'true') AS
SELECT items.id,
    items.name,
    items.price
   FROM items
  WHERE (items.price < (6)::numeric)
;
-- create view public.cheap_names
CREATE VIEW "public"."cheap_names" AS
SELECT cheap_items.name
   FROM cheap_items
  ORDER BY cheap_items.name
;
COMMIT;
