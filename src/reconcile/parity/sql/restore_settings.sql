-- The settings compare_settings.sql changed, back to the values it returned (SET LOCAL: a released
-- savepoint keeps its settings to the end of the whole transaction, so they are put back by hand).
SELECT pg_catalog.set_config('jit', %(jit)s, true),
       pg_catalog.set_config('enable_sort', %(enable_sort)s, true),
       pg_catalog.set_config('work_mem', %(work_mem)s, true),
       pg_catalog.set_config('enable_nestloop', %(enable_nestloop)s, true)
