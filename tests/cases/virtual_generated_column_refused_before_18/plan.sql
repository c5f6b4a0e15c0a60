-- reconcile plan for release spec; live fingerprint 9c8bcfc4ae397df4c5140ad7a2e18bb8f8f4a0f11b24bdd98bdf550a80ec0833

BEGIN;
-- add column public.items.total numeric(12,2)
ALTER TABLE "public"."items" ADD COLUMN "total" numeric(12,2) GENERATED ALWAYS AS ((price * (qty)::numeric)) VIRTUAL;
COMMIT;
