-- reconcile plan for release spec; live fingerprint ab9dd8476f2d2ae82b228ef958b180800d6090e08b6bf497199e6a8a68fa6072

BEGIN;
-- rename column public.items.note to remark
ALTER TABLE "public"."items" RENAME COLUMN "note" TO "remark";
-- rename public.items_note_idx to items_remark_idx
ALTER INDEX "public"."items_note_idx" RENAME TO "items_remark_idx";
COMMIT;
