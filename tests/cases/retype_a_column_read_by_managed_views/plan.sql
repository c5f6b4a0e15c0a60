-- reconcile plan for release spec; live fingerprint 69e6e411502c4c39e78bf8810038403568f4d5033bd061d861145dfc5577805c

BEGIN;
-- change type of public.items.qty: integer -> bigint (dropping and re-creating view public.stock, view public.stock_total)
DROP VIEW "public"."stock_total";
DROP VIEW "public"."stock";
ALTER TABLE "public"."items" ALTER COLUMN "qty" TYPE bigint USING "qty"::bigint;
CREATE VIEW "public"."stock" AS
SELECT items.id,
    items.qty
   FROM items
  WHERE (items.qty > 2)
;
CREATE VIEW "public"."stock_total" AS
SELECT sum(stock.qty) AS total
   FROM stock
;
COMMIT;
