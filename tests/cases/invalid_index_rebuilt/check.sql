SELECT indexrelid::regclass, indisvalid FROM pg_index WHERE indrelid = 'items'::regclass ORDER BY 1
