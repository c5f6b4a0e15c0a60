SELECT count(*) = (SELECT n FROM rows_before) AS same_count,
       md5(string_agg(id || name, ',' ORDER BY id)) = (SELECT sum FROM rows_before) AS same_rows
FROM accounts;
SELECT to_regclass('owners') IS NULL AS old_name_gone;
SELECT conname, confrelid::regclass FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype = 'f';
