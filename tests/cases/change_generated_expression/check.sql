SELECT id, total FROM lines ORDER BY id;
