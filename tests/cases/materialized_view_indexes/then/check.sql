SELECT indexrelid::regclass, indrelid::regclass, indisvalid FROM pg_index WHERE indrelid IN ('account_totals'::regclass, 'big_orders'::regclass) ORDER BY indexrelid::regclass::text;
SELECT count(*) FROM account_totals;
