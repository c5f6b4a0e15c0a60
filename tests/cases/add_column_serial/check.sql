SELECT count(*), count(DISTINCT seq), min(seq), max(seq) FROM items
