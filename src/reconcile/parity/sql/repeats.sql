-- After a diff that read the CSV rows as buckets of one row each (csv_rows.sql): does a bucket key
-- repeat after all? Then it is a differing bucket of more than one row, or a database bucket was
-- joined to more than one CSV row (more database buckets joined than read).
SELECT EXISTS (SELECT FROM pg_temp.parity_diff WHERE status <> 'matched' AND buckets > 1)
    OR COALESCE(pg_catalog.sum(buckets) FILTER (WHERE status <> 'missingInDb'), 0)
       > COALESCE(pg_catalog.max(db_read), 0)
FROM pg_temp.parity_diff
