-- reconcile plan for release spec; live fingerprint 51beef13d2f1fb415186fe59e624cd14fc400b4608172b1f236666606879fdf1

BEGIN;
-- rename function public.Old Double to Double (v2)
ALTER FUNCTION "public"."Old Double"(x integer) RENAME TO "Double (v2)";
-- rename function public.old_greet to greet
ALTER FUNCTION "public"."old_greet"(who text) RENAME TO "greet";
-- rename procedure public.old_touch to touch
ALTER PROCEDURE "public"."old_touch"(IN n integer) RENAME TO "touch";
COMMIT;
