INSERT INTO items (id, n) VALUES (1, 5);
SELECT b, bucket_of(n) FROM items;
