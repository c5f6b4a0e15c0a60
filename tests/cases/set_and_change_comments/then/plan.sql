-- reconcile plan for release spec; live fingerprint 1c38ea0c9bd07677835c0815758eab86ce036065b6ed2db97012e277e09e783b

BEGIN;
-- replace view public.in_stock
CREATE OR REPLACE VIEW "public"."in_stock" AS
SELECT id,
    name
   FROM items
  WHERE (qty > 1)
;
-- set comment on column public.items.qty (metadata only)
COMMENT ON COLUMN "public"."items"."qty" IS 'now managed';
-- remove comment on index public.items.items_name_idx (metadata only)
COMMENT ON INDEX "public"."items_name_idx" IS NULL;
-- remove comment on table public.items (metadata only)
COMMENT ON TABLE "public"."items" IS NULL;
COMMIT;
