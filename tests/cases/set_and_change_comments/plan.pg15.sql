-- reconcile plan for release spec; live fingerprint 8ab1e690eedfb892fef859fbab732dc5942e298c07dbe7849bf0999d868a8256

BEGIN;
-- create view public.in_stock
CREATE VIEW "public"."in_stock" AS
SELECT items.id,
    items.name
   FROM items
  WHERE (items.qty > 0)
;
-- set comment on view public.in_stock (metadata only)
COMMENT ON VIEW "public"."in_stock" IS 'Items with stock';
-- set comment on table public.items (metadata only)
COMMENT ON TABLE "public"."items" IS 'Things we sell; it''s ''quoted'' and multi
line';
-- set comment on index public.items.items_name_idx (metadata only)
COMMENT ON INDEX "public"."items_name_idx" IS 'lookup by name';
-- set comment on constraint public.items.items_qty_positive (metadata only)
COMMENT ON CONSTRAINT "items_qty_positive" ON "public"."items" IS 'at least one';
-- remove comment on column public.items.name (metadata only)
COMMENT ON COLUMN "public"."items"."name" IS NULL;
COMMIT;
