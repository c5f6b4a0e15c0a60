-- reconcile plan for release spec; live fingerprint 3be328aae31e2479305112b798dd63bca9480cd3b6659e69c06abe474b9a5959

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
