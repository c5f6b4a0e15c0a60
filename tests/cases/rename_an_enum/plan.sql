-- reconcile plan for release spec; live fingerprint 744470ce36f47bc5302e8c2151b4d4067e7ad648c331b00e2cb2a964cb6399b4

BEGIN;
-- rename enum public.feeling to mood
ALTER TYPE "public"."feeling" RENAME TO "mood";
COMMIT;
