SELECT id, total, (SELECT attgenerated FROM pg_attribute WHERE attrelid = 'lines'::regclass AND attname = 'total') FROM lines ORDER BY id;
