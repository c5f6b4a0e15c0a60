-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

-- build index public.items_code_hash_idx concurrently
CREATE INDEX CONCURRENTLY "items_code_hash_idx" ON "public"."items" USING "hash" ("code");

-- build index public.items_price_idx concurrently
CREATE INDEX CONCURRENTLY "items_price_idx" ON "public"."items" USING "btree" ("price" DESC NULLS LAST, "qty" NULLS FIRST) INCLUDE ("name");
