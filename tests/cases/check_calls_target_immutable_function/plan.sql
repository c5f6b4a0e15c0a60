-- reconcile plan for release spec; live fingerprint 30d7850fbfa7c1bc7d1e6808ec128704303a75e33387dcd1bcdc167141eaa8d5

BEGIN;
-- set default of public.items.code
ALTER TABLE "public"."items" ALTER COLUMN "code" SET DEFAULT (code_prefix() || '0'::text);
COMMIT;

-- build index public.items_prefixed concurrently
CREATE INDEX CONCURRENTLY "items_prefixed" ON "public"."items" USING "btree" (((code_prefix() || code))) WHERE (is_code(code_prefix() || '1'::text));

BEGIN;
-- add check public.items.items_code_ok NOT VALID
ALTER TABLE "public"."items" ADD CONSTRAINT "items_code_ok" CHECK (is_code(code)) NOT VALID;
COMMIT;

BEGIN;
-- validate check public.items.items_code_ok
ALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_code_ok";
COMMIT;

BEGIN;
-- add check public.items.items_prefix_ok NOT VALID
ALTER TABLE "public"."items" ADD CONSTRAINT "items_prefix_ok" CHECK (code_prefix() = 'C'::text) NOT VALID;
COMMIT;

BEGIN;
-- validate check public.items.items_prefix_ok
ALTER TABLE "public"."items" VALIDATE CONSTRAINT "items_prefix_ok";
COMMIT;
