SELECT conname, contype, convalidated FROM pg_constraint WHERE conrelid = 'items'::regclass AND contype IN ('p', 'u', 'c', 'f') ORDER BY conname;
-- a unique constraint's index follows its name
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'items'::regclass ORDER BY 1::text;
