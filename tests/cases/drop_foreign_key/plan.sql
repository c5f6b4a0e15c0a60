-- reconcile plan for release spec; live fingerprint 0a3e0c4b139460c5b8569d37efa4ea211f84c5cff5165ea100278c71c276c814

BEGIN;
-- drop constraint public.orders.orders_customer_id_fkey
ALTER TABLE "public"."orders" DROP CONSTRAINT "orders_customer_id_fkey";
COMMIT;
