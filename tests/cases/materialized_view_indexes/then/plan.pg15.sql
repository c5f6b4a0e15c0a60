-- reconcile plan for release spec; live fingerprint 09679e14a7bc60d30f071f27f9de842c5f6d710b1913816fb0be065f4a9541da

BEGIN;
-- drop materialized view public.big_orders
DROP MATERIALIZED VIEW "public"."big_orders";
-- create materialized view public.big_orders
CREATE MATERIALIZED VIEW "public"."big_orders" AS
SELECT orders.id,
    orders.account_id,
    orders.amount
   FROM orders
  WHERE (orders.amount > (6)::numeric)
;
-- build index public.big_orders_account
CREATE INDEX "big_orders_account" ON "public"."big_orders" USING "btree" ("account_id");
-- build unique index public.big_orders_id
CREATE UNIQUE INDEX "big_orders_id" ON "public"."big_orders" USING "btree" ("id");
COMMIT;

-- build index public.account_totals_big_reconcile_new concurrently
CREATE INDEX CONCURRENTLY "account_totals_big_reconcile_new" ON "public"."account_totals" USING "btree" ("total") WHERE (total > 8::numeric);

-- drop index public.account_totals_big concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."account_totals_big";

BEGIN;
-- rename public.account_totals_big_reconcile_new to account_totals_big
ALTER INDEX "public"."account_totals_big_reconcile_new" RENAME TO "account_totals_big";
COMMIT;
