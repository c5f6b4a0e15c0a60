SELECT count(code) FROM named;
SELECT reloptions::text FROM pg_class WHERE relname = 'named';
