-- reconcile plan for release spec; live fingerprint 36f4831bc5d1ba67b37f0eeeed53f41c8143ffb1be118e37d9444f12b43d2a55

BEGIN;
-- drop policy old_rule on public.docs
DROP POLICY "old_rule" ON "public"."docs";
COMMIT;
