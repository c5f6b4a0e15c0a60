-- reconcile plan for release spec; live fingerprint df5c20b66447334c76c9b49a3807a29cdacc25c8513d544f9bac6b062f7e69e2

BEGIN;
-- add column public.items.note text
ALTER TABLE "public"."items" ADD COLUMN "note" text;
COMMIT;

BEGIN;
-- restore note of public.items from reconcile_archive.items__<run>
UPDATE "public"."items" AS t SET "note" = a."note" FROM "reconcile_archive"."items__<run>" AS a WHERE t."id" = a."id" AND ROW(t."note") IS DISTINCT FROM ROW(a."note");
COMMIT;
