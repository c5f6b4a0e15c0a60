-- reconcile plan for release spec; live fingerprint 91a64674888bb6d2a606af222450a81cfaf31006a105c7c9c5a05d1e77c06420

BEGIN;
-- rename view public.old_named to named
ALTER VIEW "public"."old_named" RENAME TO "named";
COMMIT;
