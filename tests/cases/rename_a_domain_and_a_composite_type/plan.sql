-- reconcile plan for release spec; live fingerprint 3d483a10fcecd0e1c18cee0ae373efe0e7f1febff0c8342b283e6855156fd55e

BEGIN;
-- rename composite type public.tag to price_tag
ALTER TYPE "public"."tag" RENAME TO "price_tag";
-- rename domain public.amount to money_amount
ALTER DOMAIN "public"."amount" RENAME TO "money_amount";
-- domain public.money_amount: default 0
ALTER DOMAIN "public"."money_amount" SET DEFAULT (0
);
COMMIT;
