-- reconcile plan for release spec; live fingerprint 0e96678482dbf8148710528dd42cb0882abd79658bb3bc5d74f6fbd3040d468c

BEGIN;
-- rename view public.old_named to named
ALTER VIEW "public"."old_named" RENAME TO "named";
COMMIT;
