-- reconcile plan for release spec; live fingerprint e00d43049fc77221e409dcb92790d38e8befb67cf7ba8bc1d447070cea3a717f

-- build index public.items_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_reconcile_new concurrently
CREATE INDEX CONCURRENTLY "items_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_reconcile_new" ON "public"."items" USING "btree" ("name", "price");

-- drop index public.items_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."items_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_idx";

BEGIN;
-- rename public.items_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_reconcile_new to items_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_idx
ALTER INDEX "public"."items_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_reconcile_new" RENAME TO "items_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx_idx";
COMMIT;
