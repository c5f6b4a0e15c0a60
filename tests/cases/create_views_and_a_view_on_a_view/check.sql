SELECT count(*) FROM cheap_names;
SELECT items, qty FROM item_totals;
SELECT reloptions::text FROM pg_class WHERE relname = 'cheap_items';
