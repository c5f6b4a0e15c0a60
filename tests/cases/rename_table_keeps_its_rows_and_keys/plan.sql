-- reconcile plan for release spec; live fingerprint 50e25ad3d1f15e6a62d7b30e7110a1e27837c236d82ef59f07b50fc9e23cdfa3

BEGIN;
-- rename table public.owners to accounts
ALTER TABLE "public"."owners" RENAME TO "accounts";
-- rename public.owners_name_idx to accounts_name_idx
ALTER INDEX "public"."owners_name_idx" RENAME TO "accounts_name_idx";
-- rename constraint public.accounts.owners_pkey to accounts_pkey
ALTER TABLE "public"."accounts" RENAME CONSTRAINT "owners_pkey" TO "accounts_pkey";
COMMIT;
