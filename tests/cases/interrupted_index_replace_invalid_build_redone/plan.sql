-- reconcile plan for release spec; live fingerprint 112b3b906e7273592ca0b9577f54535a99a8277ee123cbdfd493b1787b3f36ec

-- drop leftover index public.items_name_idx_reconcile_new concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."items_name_idx_reconcile_new";

-- build index public.items_name_idx_reconcile_new concurrently
CREATE INDEX CONCURRENTLY "items_name_idx_reconcile_new" ON "public"."items" USING "btree" ("name", "price");

-- drop index public.items_name_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."items_name_idx";

BEGIN;
-- rename public.items_name_idx_reconcile_new to items_name_idx
ALTER INDEX "public"."items_name_idx_reconcile_new" RENAME TO "items_name_idx";
COMMIT;
