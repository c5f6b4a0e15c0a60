SELECT polname, pg_get_expr(polqual, polrelid) FROM pg_policy WHERE polrelid = 'docs'::regclass ORDER BY polname;
