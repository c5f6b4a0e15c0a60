SELECT relrowsecurity, relforcerowsecurity FROM pg_class WHERE relname = 'docs';
SELECT polname, polcmd, polpermissive, pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid)
FROM pg_policy WHERE polrelid = 'docs'::regclass ORDER BY polname;
