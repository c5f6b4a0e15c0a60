-- reconcile plan for release spec; live fingerprint c2a49b5a652624f52383c36efdf665aa2fc6f04bfc215706440baccd7d6c978c

BEGIN;
-- create table public.events
CREATE TABLE "public"."events" ("id" bigint NOT NULL, "created_at" date NOT NULL, "kind" text) PARTITION BY RANGE (created_at);
-- build index public.events_kind_idx
CREATE INDEX "events_kind_idx" ON "public"."events" USING "btree" ("kind");
-- add check public.events.events_kind_check
ALTER TABLE "public"."events" ADD CONSTRAINT "events_kind_check" CHECK (kind <> ''::text);
-- add primary key public.events.events_pkey
ALTER TABLE "public"."events" ADD CONSTRAINT "events_pkey" PRIMARY KEY ("id", "created_at");
-- create table public.events_2025
CREATE TABLE "public"."events_2025" PARTITION OF "public"."events" FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
-- create table public.events_2026
CREATE TABLE "public"."events_2026" PARTITION OF "public"."events" FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
-- build index public.events_2026_created_at_idx
CREATE INDEX "events_2026_created_at_idx" ON "public"."events_2026" USING "btree" ("created_at");
-- create table public.events_other
CREATE TABLE "public"."events_other" PARTITION OF "public"."events" DEFAULT;
COMMIT;
