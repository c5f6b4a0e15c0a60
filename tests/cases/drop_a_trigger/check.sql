SELECT count(*) FROM pg_trigger WHERE tgrelid = 'items'::regclass AND NOT tgisinternal;
SELECT count(*) FROM pg_proc WHERE proname = 'touch';
