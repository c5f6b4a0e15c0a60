SELECT id, total FROM items ORDER BY id;
SELECT attgenerated FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'total';
