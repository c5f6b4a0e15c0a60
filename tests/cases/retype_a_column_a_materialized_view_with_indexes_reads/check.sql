SELECT indexrelid::regclass, indrelid::regclass, indisvalid FROM pg_index WHERE indrelid = 'account_totals'::regclass ORDER BY indexrelid::regclass::text;
SELECT account_id, total FROM account_totals ORDER BY 1;
