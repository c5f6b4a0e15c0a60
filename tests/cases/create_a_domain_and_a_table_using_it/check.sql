INSERT INTO billing.invoices (id) VALUES (1);
SELECT id, total, pg_catalog.format_type(a.atttypid, NULL) FROM billing.invoices, pg_attribute a WHERE a.attrelid = 'billing.invoices'::regclass AND a.attname = 'total';
SELECT conname, pg_catalog.pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid = 'billing.amount'::regtype AND contype = 'c';
