-- written between the drop and the restore: a new row, and a changed one
INSERT INTO items (id, name, code) VALUES (11, 'item 11', 'C11');
UPDATE items SET name = 'item two' WHERE id = 2;
