-- reconcile plan for release spec; live fingerprint 51a766ef99497460504855360570339623011e8723d0000cfa160fa90f3f7a89

-- drop index public.items_name_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."items_name_idx";
