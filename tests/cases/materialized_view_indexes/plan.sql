-- reconcile plan for release spec; live fingerprint fb4dafdf0294d4ff3ef93642ad2064bd7b628b6671c2c696c4b549d401a86daf

BEGIN;
-- create materialized view public.big_orders
CREATE MATERIALIZED VIEW "public"."big_orders" AS
SELECT id,
    amount
   FROM orders
  WHERE (amount > (6)::numeric)
;
-- build unique index public.big_orders_id
CREATE UNIQUE INDEX "big_orders_id" ON "public"."big_orders" USING "btree" ("id");
COMMIT;

-- build unique index public.account_totals_account concurrently
CREATE UNIQUE INDEX CONCURRENTLY "account_totals_account" ON "public"."account_totals" USING "btree" ("account_id");

-- build index public.account_totals_big concurrently
CREATE INDEX CONCURRENTLY "account_totals_big" ON "public"."account_totals" USING "btree" ("total") WHERE (total > 6::numeric);
