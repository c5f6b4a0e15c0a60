-- everything outside the scope is still there
SELECT count(*) FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'legacy_flag';
SELECT relname FROM pg_class WHERE relname IN ('items_code_reconcile_scratch', 'items_legacy_flag_idx') ORDER BY 1;
SELECT conname FROM pg_constraint WHERE conname = 'ops_qty_sane';
