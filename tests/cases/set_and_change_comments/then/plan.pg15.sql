-- reconcile plan for release spec; live fingerprint 0e398487b27b374e6121e386b65021d63f19bad8672d4d7bd4b348ea3953f3fe

BEGIN;
-- replace view public.in_stock
CREATE OR REPLACE VIEW "public"."in_stock" AS
SELECT items.id,
    items.name
   FROM items
  WHERE (items.qty > 1)
;
-- set comment on column public.items.qty (metadata only)
COMMENT ON COLUMN "public"."items"."qty" IS 'now managed';
-- remove comment on index public.items.items_name_idx (metadata only)
COMMENT ON INDEX "public"."items_name_idx" IS NULL;
-- remove comment on table public.items (metadata only)
COMMENT ON TABLE "public"."items" IS NULL;
COMMIT;
