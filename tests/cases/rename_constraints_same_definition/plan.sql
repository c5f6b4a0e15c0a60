-- reconcile plan for release spec; live fingerprint 727cec6ec4748344d642970309676780f2cca942e0f0178ad830d3cdee520081

BEGIN;
-- rename constraint public.items.items_code_unique to items_code_key
ALTER TABLE "public"."items" RENAME CONSTRAINT "items_code_unique" TO "items_code_key";
-- rename constraint public.items.items_owner_id_owners_id_fk to items_owner_id_fkey
ALTER TABLE "public"."items" RENAME CONSTRAINT "items_owner_id_owners_id_fk" TO "items_owner_id_fkey";
-- rename constraint public.items.qty_positive to items_qty_check
ALTER TABLE "public"."items" RENAME CONSTRAINT "qty_positive" TO "items_qty_check";
COMMIT;
