-- reconcile plan for release spec; live fingerprint 51a766ef99497460504855360570339623011e8723d0000cfa160fa90f3f7a89

-- build index public.items_name_price_idx_reconcile_new concurrently
CREATE INDEX CONCURRENTLY "items_name_price_idx_reconcile_new" ON "public"."items" USING "btree" ("name", "price");

-- drop index public.items_name_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."items_name_idx";

BEGIN;
-- rename public.items_name_price_idx_reconcile_new to items_name_price_idx
ALTER INDEX "public"."items_name_price_idx_reconcile_new" RENAME TO "items_name_price_idx";
COMMIT;
