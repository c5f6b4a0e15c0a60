-- reconcile plan for release spec; live fingerprint 6ff7be6f6a31deb04377b68b3b40c2f024c4d9ec5e1a55eb881375bcc5f361e2

BEGIN;
-- create materialized view public.big_orders
CREATE MATERIALIZED VIEW "public"."big_orders" AS
SELECT orders.id,
    orders.amount
   FROM orders
  WHERE (orders.amount > (6)::numeric)
;
-- build unique index public.big_orders_id
CREATE UNIQUE INDEX "big_orders_id" ON "public"."big_orders" USING "btree" ("id");
COMMIT;

-- build unique index public.account_totals_account concurrently
CREATE UNIQUE INDEX CONCURRENTLY "account_totals_account" ON "public"."account_totals" USING "btree" ("account_id");

-- build index public.account_totals_big concurrently
CREATE INDEX CONCURRENTLY "account_totals_big" ON "public"."account_totals" USING "btree" ("total") WHERE (total > 6::numeric);
