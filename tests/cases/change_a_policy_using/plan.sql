-- reconcile plan for release spec; live fingerprint fb94969df18f09d530209c8c9da9c4a355ee382879bcf90b6428666755ba1fd0

BEGIN;
-- alter policy readers on public.docs
ALTER POLICY "readers" ON "public"."docs" TO PUBLIC USING (((owner_name = CURRENT_USER) OR public)
);
COMMIT;
