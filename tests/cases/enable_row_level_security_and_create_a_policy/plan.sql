-- reconcile plan for release spec; live fingerprint 2a86055d16124b4921338b92f04fc8851633c6bc6402a607144f180c1c4b3323

BEGIN;
-- create policy no_empty_body on public.docs
CREATE POLICY "no_empty_body" ON "public"."docs" AS RESTRICTIVE FOR INSERT TO PUBLIC WITH CHECK ((body <> ''::text)
);
-- create policy own_rows on public.docs
CREATE POLICY "own_rows" ON "public"."docs" AS PERMISSIVE FOR ALL TO PUBLIC USING ((owner_name = CURRENT_USER)
);
-- enable and force row level security on public.docs
ALTER TABLE "public"."docs" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY;
COMMIT;
