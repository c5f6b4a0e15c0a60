SELECT md5(string_agg(id || ':' || coalesce(remark, '~'), ',' ORDER BY id)) = (SELECT sum FROM values_before) AS same_values
FROM items;
SELECT count(*) AS archive_tables FROM pg_tables WHERE schemaname = 'reconcile_archive';
