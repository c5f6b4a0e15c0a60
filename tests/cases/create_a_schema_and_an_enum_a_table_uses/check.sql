INSERT INTO billing.invoices (id) VALUES (1);
SELECT id, state::text, pg_catalog.format_type(a.atttypid, NULL) FROM billing.invoices, pg_attribute a WHERE a.attrelid = 'billing.invoices'::regclass AND a.attname = 'state';
SELECT pg_catalog.array_to_string(pg_catalog.enum_range(NULL::billing.status), ',');
