SELECT t.typname FROM pg_catalog.pg_type t WHERE t.typname IN ('qty', 'order_line', 'checked_line', 'a_part') ORDER BY 1;
