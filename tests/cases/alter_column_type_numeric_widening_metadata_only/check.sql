-- true: PostgreSQL kept the table's storage (no rewrite)
SELECT relfilenode = (SELECT relfilenode FROM storage_before) AS storage_kept
FROM pg_class WHERE oid = 'public.items'::regclass;
