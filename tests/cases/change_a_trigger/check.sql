UPDATE items SET updated_at = NULL WHERE id = 2;
UPDATE items SET name = 'x' WHERE id = 1;
SELECT id, name, updated_at IS NOT NULL FROM items ORDER BY id;
SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE tgrelid = 'items'::regclass AND NOT tgisinternal;
