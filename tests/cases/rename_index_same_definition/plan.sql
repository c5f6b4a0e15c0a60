-- reconcile plan for release spec; live fingerprint 56f18c0e79c986c0030e85b046924cd765ea8e3c2b38410752422bdda9343cdb

BEGIN;
-- rename public.items_code_uq to items_code_key_idx
ALTER INDEX "public"."items_code_uq" RENAME TO "items_code_key_idx";
COMMIT;
