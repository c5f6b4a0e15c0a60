SELECT c.relname, d.objsubid, d.description FROM pg_description d JOIN pg_class c ON c.oid = d.objoid WHERE d.classoid = 'pg_class'::regclass AND c.relnamespace = 'public'::regnamespace ORDER BY 1, 2;
SELECT k.conname, d.description FROM pg_description d JOIN pg_constraint k ON k.oid = d.objoid WHERE d.classoid = 'pg_constraint'::regclass ORDER BY 1;
