-- reconcile plan for release spec; live fingerprint 7934f429ea1af5bb5e86db587de44db7d030fe6bc38f6c1e781c765792ea47ee

BEGIN;
-- set generation expression of public.lines.total
ALTER TABLE "public"."lines" ALTER COLUMN "total" SET EXPRESSION AS (((price * (qty)::numeric) - discount));
COMMIT;
