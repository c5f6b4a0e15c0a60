-- the partition left the parent and moved whole into the archive: its rows kept, none read through orders
SELECT count(*) FROM orders;
SELECT count(*) FROM reconcile_archive.archived_tables WHERE "table" = 'orders_us';
