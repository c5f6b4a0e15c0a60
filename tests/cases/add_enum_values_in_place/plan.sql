-- reconcile plan for release spec; live fingerprint bc1ed54fb6d5cc2c65b0e5daf061d401dfc1bdc71a906ea9c7c124df7058b3d9

-- add value 'unsure' to enum public.mood
ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'unsure' BEFORE 'sad';

-- add value 'ok' to enum public.mood
ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad';

-- add value 'elated' to enum public.mood
ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'elated' AFTER 'happy';
