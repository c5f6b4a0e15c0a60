SELECT count(*) FROM named;
SELECT to_regclass('old_named') IS NULL;
