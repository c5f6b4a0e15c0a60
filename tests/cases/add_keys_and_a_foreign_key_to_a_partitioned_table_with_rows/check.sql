-- every partition has its copy of the key and of the foreign key, attached to the parent's (NOT NULL
-- constraints of PostgreSQL 18 left out)
SELECT conrelid::regclass::text, conname, contype, conparentid <> 0 AS inherited, convalidated
  FROM pg_constraint WHERE conrelid::regclass::text LIKE 'orders%' AND contype <> 'n' ORDER BY 1, 2;
