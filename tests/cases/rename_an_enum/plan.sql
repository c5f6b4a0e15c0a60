-- reconcile plan for release spec; live fingerprint 91418d283d6e890f1e1c62e1ae63c4b0210913614bda775f18c4a40fefc9a53a

BEGIN;
-- rename enum public.feeling to mood
ALTER TYPE "public"."feeling" RENAME TO "mood";
COMMIT;
