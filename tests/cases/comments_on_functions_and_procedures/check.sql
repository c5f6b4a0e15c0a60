SELECT p.proname, p.prokind, pg_catalog.obj_description(p.oid, 'pg_proc')
FROM pg_catalog.pg_proc p
WHERE p.pronamespace = 'public'::pg_catalog.regnamespace
ORDER BY 1;
