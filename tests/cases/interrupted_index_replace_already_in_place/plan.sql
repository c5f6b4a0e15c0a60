-- reconcile plan for release spec; live fingerprint 56123a0ed7dc3ba2974bf92924bbe2e0eb3b707acac43264d09fe3f84b43614b

-- drop leftover index public.items_name_idx_reconcile_new concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."items_name_idx_reconcile_new";
