-- reconcile plan for release spec; live fingerprint c2a49b5a652624f52383c36efdf665aa2fc6f04bfc215706440baccd7d6c978c

BEGIN;
-- create table public.items
CREATE TABLE "public"."items" ("id" integer NOT NULL, "n" integer, "b" positive_int DEFAULT bucket_of(3));
-- build index public.items_bucket_idx
CREATE INDEX "items_bucket_idx" ON "public"."items" USING "btree" ((bucket_of(n))) WHERE (small_of(1)::integer > 1);
-- add check public.items.items_n_small
ALTER TABLE "public"."items" ADD CONSTRAINT "items_n_small" CHECK (n < (bucket_of(7)::integer * small_of(100)::integer));
-- add primary key public.items.items_pkey
ALTER TABLE "public"."items" ADD CONSTRAINT "items_pkey" PRIMARY KEY ("id");
COMMIT;
