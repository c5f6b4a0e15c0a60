SELECT sequencename, start_value, increment_by, max_value, cache_size, cycle, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1;
SELECT pg_get_serial_sequence('invoices', 'number');
