SELECT total FROM stock_total;
SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'stock'::regclass AND attname = 'qty';
