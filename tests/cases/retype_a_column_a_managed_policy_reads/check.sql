SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'docs'::regclass AND attname = 'level';
SELECT polname, pg_get_expr(polqual, polrelid) FROM pg_policy WHERE polrelid = 'docs'::regclass;
SELECT count(*) FROM docs;
