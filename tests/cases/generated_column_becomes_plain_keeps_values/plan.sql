-- reconcile plan for release spec; live fingerprint 72db0bf0eac7fb3a7449506f9668af09d8c37148b94a70cdce8b065092178dd3

BEGIN;
-- drop generation expression of public.lines.total (values kept)
ALTER TABLE "public"."lines" ALTER COLUMN "total" DROP EXPRESSION;
COMMIT;
