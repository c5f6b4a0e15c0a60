-- reconcile plan for release spec; live fingerprint a723984db460762074c4cfb4f51dd0d31a6e73772bd9ccd90d9b7d035ca7e51d

BEGIN;
-- drop materialized view public.big_orders
DROP MATERIALIZED VIEW "public"."big_orders";
-- create materialized view public.big_orders
CREATE MATERIALIZED VIEW "public"."big_orders" AS
SELECT id,
    account_id,
    amount
   FROM orders
  WHERE (amount > (6)::numeric)
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
