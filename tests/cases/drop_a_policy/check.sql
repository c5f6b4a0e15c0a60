SELECT polname FROM pg_policy WHERE polrelid = 'docs'::regclass ORDER BY polname;
