-- reconcile plan for release spec; live fingerprint 9bcb0177437574c08bcfa6e7d83cbea29986cc9f1e80ac512762624e6ceea2cb

BEGIN;
-- recreate domain public.code (base type character varying(5) -> character varying(20); columns converted) (dropping and re-creating view public.item_codes)
DROP VIEW "public"."item_codes";
ALTER DOMAIN "public"."code" RENAME TO "code_reconcile_old";
CREATE DOMAIN "public"."code" AS character varying(20) CONSTRAINT "code_check" CHECK (((VALUE)::text <> ''::text)
);
ALTER TABLE "public"."items" ALTER COLUMN "code" TYPE "public"."code" USING "code"::"public"."code";
ALTER TABLE "public"."items" ALTER COLUMN "old_codes" DROP DEFAULT;
ALTER TABLE "public"."items" ALTER COLUMN "old_codes" TYPE "public"."code"[] USING "old_codes"::"public"."code"[];
ALTER TABLE "public"."items" ALTER COLUMN "old_codes" SET DEFAULT '{}'::code[];
DROP DOMAIN "public"."code_reconcile_old";
CREATE VIEW "public"."item_codes" AS
SELECT items.id,
    items.code
   FROM items
;
COMMIT;
