SELECT count(*) AS archive_schemas FROM pg_namespace WHERE nspname = 'reconcile_archive'
