-- reconcile plan for release spec; live fingerprint 7150f2b1b1ca9622b9f6e424b5bbb1417a77d9252c7cedd4578d7b0dad2b3176

BEGIN;
-- create sequence public.invoice_numbers
CREATE SEQUENCE "public"."invoice_numbers" AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1000 CACHE 1 NO CYCLE;
-- alter sequence public.counter as smallint options (current value kept)
ALTER SEQUENCE "public"."counter" AS smallint INCREMENT BY 1 MINVALUE 1 MAXVALUE 32767 START WITH 1 CACHE 1 NO CYCLE;
-- sequence public.invoice_numbers owned by invoices.number
ALTER SEQUENCE "public"."invoice_numbers" OWNED BY "public"."invoices"."number";
-- alter sequence public.small_ids as integer options (current value kept)
ALTER SEQUENCE "public"."small_ids" AS integer INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1 NO CYCLE;
COMMIT;
