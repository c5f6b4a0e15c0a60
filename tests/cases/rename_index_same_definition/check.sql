-- the index kept its relfilenode: renamed, not rebuilt
SELECT c.relname, c.relfilenode = b.relfilenode AS same_file
FROM pg_class c, index_before b WHERE c.relname = 'items_code_key_idx';
