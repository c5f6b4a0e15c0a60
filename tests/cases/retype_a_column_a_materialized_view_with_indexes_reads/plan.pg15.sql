-- reconcile plan for release spec; live fingerprint a8fdd6c77e967cc3562c2cb5bcaad6c58e30c6ab5550db83f741cef9af8afa8c

BEGIN;
-- change type of public.orders.amount: integer -> bigint (dropping and re-creating materialized view public.account_totals)
DROP MATERIALIZED VIEW "public"."account_totals";
ALTER TABLE "public"."orders" ALTER COLUMN "amount" TYPE bigint USING "amount"::bigint;
CREATE MATERIALIZED VIEW "public"."account_totals" AS
SELECT orders.account_id,
    sum(orders.amount) AS total
   FROM orders
  GROUP BY orders.account_id
;
CREATE UNIQUE INDEX "account_totals_account" ON "public"."account_totals" USING "btree" ("account_id");
COMMIT;
