-- reconcile plan for release spec; live fingerprint 6f79ab74bbd9f2a705ead314ac47b4c7cf28422a74422d3abcba3fd348d1203d

-- drop index public.items_name_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."items_name_idx";

BEGIN;
-- rename public.items_name_idx_reconcile_new to items_name_idx
ALTER INDEX "public"."items_name_idx_reconcile_new" RENAME TO "items_name_idx";
COMMIT;
