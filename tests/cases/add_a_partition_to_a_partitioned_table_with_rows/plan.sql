-- reconcile plan for release spec; live fingerprint 194579d15fa179a65fa2178623d12e7498cbabcb163e65caadc0d028213776a9

BEGIN;
-- create table public.orders_asia
CREATE TABLE "public"."orders_asia" PARTITION OF "public"."orders" FOR VALUES IN ('asia');
COMMIT;
