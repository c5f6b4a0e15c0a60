-- the archive table's name carries the run stamp: reach it through a temporary view
DO $$BEGIN
  EXECUTE (SELECT format('CREATE TEMPORARY VIEW archived AS SELECT %L AS archive, * FROM %I.%I', relname, nspname, relname)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE nspname = 'reconcile_archive' AND relkind = 'r');
END$$;
SELECT archive, id, note FROM archived ORDER BY id;
