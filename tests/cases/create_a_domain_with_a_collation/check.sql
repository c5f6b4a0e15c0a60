INSERT INTO items VALUES (1, 'a', 'a'), (2, 'B', 'B'), (3, 'b', 'b');
SELECT pg_catalog.string_agg(code, ',' ORDER BY code), pg_catalog.string_agg(other, ',' ORDER BY other) FROM items;
SELECT t.typname, co.collname FROM pg_catalog.pg_type t JOIN pg_catalog.pg_collation co ON co.oid = t.typcollation
WHERE t.typname IN ('code', 'plain_code') ORDER BY 1;
