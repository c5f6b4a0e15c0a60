-- reconcile plan for release spec; live fingerprint 54d2d5a74e0c02099220c18d6409639336beab8e0ac3007d98aa5e5ac577180a

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
