-- moved whole: rows, index and keys; the out-of-scope table untouched
SELECT schemaname, tablename FROM pg_tables WHERE tablename LIKE 'old_items%' OR tablename LIKE 'tmp_%' ORDER BY 1, 2;
SELECT name, schema, "table" FROM reconcile_archive.archived_tables;
SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = (SELECT 'reconcile_archive.' || quote_ident(name) FROM reconcile_archive.archived_tables)::regclass ORDER BY 1;
