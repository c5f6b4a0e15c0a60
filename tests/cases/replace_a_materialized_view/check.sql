SELECT n, qty FROM totals;
