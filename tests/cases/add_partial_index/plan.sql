-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

-- build index public.items_noted_idx concurrently
CREATE INDEX CONCURRENTLY "items_noted_idx" ON "public"."items" USING "btree" ("id") WHERE (note IS NOT NULL);
