-- The runbook's index check (step 4), exactly as the team runs it through psql.
SELECT indexname FROM pg_catalog.pg_indexes WHERE tablename = %(table)s AND indexname = %(index)s
