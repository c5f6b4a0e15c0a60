UPDATE items SET name = 'x' WHERE id = 1;
UPDATE items SET updated_at = NULL WHERE id = 2;
SELECT id, name, updated_at IS NOT NULL FROM items ORDER BY id;
SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = 'items'::regclass AND NOT tgisinternal ORDER BY 1;
