-- reconcile plan for release spec; live fingerprint 75196b9d352eec79fdba6f43c1c2203b1ba8f067f8c3b255054a50f7f3bd6dac

BEGIN;
-- add column public.people.note text
ALTER TABLE "public"."people" ADD COLUMN "note" text;
COMMIT;
