-- reconcile plan for release spec; live fingerprint cca8e8e2c901e37881dc643f2453a9e04871a645c37345083058d3a02ce67163

-- drop INVALID index public.items_name_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."items_name_idx";

-- build index public.items_name_idx concurrently
CREATE INDEX CONCURRENTLY "items_name_idx" ON "public"."items" USING "btree" ("name");
