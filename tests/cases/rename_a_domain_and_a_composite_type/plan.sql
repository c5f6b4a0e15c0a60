-- reconcile plan for release spec; live fingerprint 815679a75e847fab0a299d3b68fa0dcc7974ca3002a394955186b891f80b6113

BEGIN;
-- rename composite type public.tag to price_tag
ALTER TYPE "public"."tag" RENAME TO "price_tag";
-- rename domain public.amount to money_amount
ALTER DOMAIN "public"."amount" RENAME TO "money_amount";
-- domain public.money_amount: default 0
ALTER DOMAIN "public"."money_amount" SET DEFAULT (0
);
COMMIT;
