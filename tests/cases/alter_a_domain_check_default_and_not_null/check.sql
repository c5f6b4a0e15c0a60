INSERT INTO lines (id, sku) VALUES (3, NULL);
SELECT id, qty, sku FROM lines ORDER BY id;
SELECT t.typname, t.typnotnull, pg_catalog.pg_get_expr(t.typdefaultbin, 0) FROM pg_type t WHERE t.typname IN ('quantity', 'code') ORDER BY 1;
SELECT conname, pg_catalog.pg_get_constraintdef(oid) FROM pg_constraint WHERE contypid IN ('quantity'::regtype, 'code'::regtype) AND contype = 'c' ORDER BY 1;
