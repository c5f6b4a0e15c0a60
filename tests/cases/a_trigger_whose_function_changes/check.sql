UPDATE items SET name = 'x' WHERE id = 1;
SELECT id, name, updated_at FROM items ORDER BY id;
