-- reconcile plan for release spec; live fingerprint 9b5f099e18676fa7b1880300dc171f78d29184fe27844d294a3d34278605278f

BEGIN;
-- rename public.items_name_idx_reconcile_new to items_name_idx
ALTER INDEX "public"."items_name_idx_reconcile_new" RENAME TO "items_name_idx";
COMMIT;
