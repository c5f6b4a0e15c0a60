-- reconcile plan for release spec; live fingerprint c7a44f8d4be4e8bc54395d8aeac8830a30825b61a7c85e293470d31fa5409927

BEGIN;
-- drop column public.events.payload
ALTER TABLE "public"."events" DROP COLUMN "payload";
COMMIT;
