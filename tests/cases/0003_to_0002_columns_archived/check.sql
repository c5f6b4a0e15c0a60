-- the archive table's name carries the run stamp: reach it through a temporary view
DO $$BEGIN
  EXECUTE (SELECT format('CREATE TEMPORARY VIEW archived AS SELECT * FROM %I.%I', nspname, relname)
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE nspname = 'reconcile_archive' AND relkind = 'r');
END$$;
SELECT count(*) AS archived_rows, count(window_start), count(project_id), count(batch), sum(num_model_requests)
FROM archived;
