SELECT b.sum = pg_catalog.md5(pg_catalog.string_agg(p::pg_catalog.text, ',' ORDER BY id)) AS same_values,
       b.filenode = pg_catalog.pg_relation_filenode('priced') AS not_rewritten
FROM priced p, before_rename b GROUP BY b.sum, b.filenode;
SELECT t.typname, t.typtype FROM pg_catalog.pg_type t
WHERE t.typnamespace = 'public'::pg_catalog.regnamespace AND t.typname IN ('amount', 'money_amount', 'tag', 'price_tag')
ORDER BY 1;
SELECT pg_catalog.format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a
WHERE a.attrelid = 'priced'::pg_catalog.regclass AND a.attnum > 0 ORDER BY a.attnum;
