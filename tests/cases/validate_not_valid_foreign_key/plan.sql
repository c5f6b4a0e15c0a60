-- reconcile plan for release spec; live fingerprint 19f5f40e0efea19f3caca69b865cc842eea3f3847bb9dec528f7b3393ae9708a

BEGIN;
-- validate public.orders.orders_customer_id_fkey
ALTER TABLE "public"."orders" VALIDATE CONSTRAINT "orders_customer_id_fkey";
COMMIT;
