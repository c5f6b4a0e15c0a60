-- reconcile plan for release spec; live fingerprint 35a956493ba7eb11c065b25e13d49f3d7dc19931e4f5b7aa003f3eb3ba13d2dc

BEGIN;
-- add column public.items.status text
ALTER TABLE "public"."items" ADD COLUMN "status" text DEFAULT 'active'::text NOT NULL;
COMMIT;
