SELECT e.extname, n.nspname, e.extversion FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE extname IN ('cube', 'seg') ORDER BY 1;
SELECT count(*) FROM items;
