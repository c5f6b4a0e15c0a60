-- reconcile plan for release spec; live fingerprint 4b9215b53bc92b00e15e8c93adb75a085fd4425a5a100285c1d314ce9cbc987b

BEGIN;
-- rename view public.old_named to named
ALTER VIEW "public"."old_named" RENAME TO "named";
COMMIT;
