-- reconcile plan for release spec; live fingerprint f49dd0a19c76e0fe13c630eb2d8c3637272fb9f125f414ce326b1ac3550d4be9

-- add value 'unsure' to enum public.mood
ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'unsure' BEFORE 'sad';

-- add value 'ok' to enum public.mood
ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'ok' AFTER 'sad';

-- add value 'elated' to enum public.mood
ALTER TYPE "public"."mood" ADD VALUE IF NOT EXISTS 'elated' AFTER 'happy';
