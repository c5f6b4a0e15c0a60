-- reconcile plan for release spec; live fingerprint 51df2f4509d317573d3e46a10378d9f7dec16c5c4a20d7a1514fda88e0aeb795

-- drop index public.account_totals_big concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."account_totals_big";
