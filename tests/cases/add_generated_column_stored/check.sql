SELECT id, total FROM items ORDER BY id;
SELECT attname, attgenerated FROM pg_attribute WHERE attrelid = 'items'::regclass AND attname = 'total';
