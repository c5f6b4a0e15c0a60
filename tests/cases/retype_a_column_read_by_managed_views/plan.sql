-- reconcile plan for release spec; live fingerprint 7dad46bc9b2ceab558dd151bcabcb601aab7d8741c26a1eb36c86e38c7e909bf

BEGIN;
-- change type of public.items.qty: integer -> bigint (dropping and re-creating view public.stock, view public.stock_total)
DROP VIEW "public"."stock_total";
DROP VIEW "public"."stock";
ALTER TABLE "public"."items" ALTER COLUMN "qty" TYPE bigint USING "qty"::bigint;
CREATE VIEW "public"."stock" AS
SELECT id,
    qty
   FROM items
  WHERE (qty > 2)
;
CREATE VIEW "public"."stock_total" AS
SELECT sum(qty) AS total
   FROM stock
;
COMMIT;
