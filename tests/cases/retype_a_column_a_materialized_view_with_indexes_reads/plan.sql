-- reconcile plan for release spec; live fingerprint ace8107090ac84f61fea1191738a2cfa37d4831becf60b68d203f5b52d9abbba

BEGIN;
-- change type of public.orders.amount: integer -> bigint (dropping and re-creating materialized view public.account_totals)
DROP MATERIALIZED VIEW "public"."account_totals";
ALTER TABLE "public"."orders" ALTER COLUMN "amount" TYPE bigint USING "amount"::bigint;
CREATE MATERIALIZED VIEW "public"."account_totals" AS
SELECT account_id,
    sum(amount) AS total
   FROM orders
  GROUP BY account_id
;
CREATE UNIQUE INDEX "account_totals_account" ON "public"."account_totals" USING "btree" ("account_id");
COMMIT;
