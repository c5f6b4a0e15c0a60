-- reconcile plan for release spec; live fingerprint 4fd33ef58e28d397f729c89a38988dfeee8c76bf47bb722bb26e32ce847eb07e

-- drop index public.account_totals_big concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."account_totals_big";
