SELECT count(*), count(DISTINCT ref), min(ref), max(ref) FROM items
