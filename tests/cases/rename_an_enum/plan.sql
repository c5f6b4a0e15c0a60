-- reconcile plan for release spec; live fingerprint 149740b6fc1bea4aee23f0ec1cae5e6fb86197ba80a88b68e4cdbc19d7fbcb86

BEGIN;
-- rename enum public.feeling to mood
ALTER TYPE "public"."feeling" RENAME TO "mood";
COMMIT;
