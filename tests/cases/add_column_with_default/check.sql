SELECT stock, count(*) FROM items GROUP BY stock ORDER BY stock
