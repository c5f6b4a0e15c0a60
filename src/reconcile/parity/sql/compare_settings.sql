-- For the comparison's statements only (compare.py puts the saved values back after them): JIT
-- costs more than it saves on one big join and two big aggregates; work_mem raised (never lowered)
-- so they spill less; hashing a million buckets beats the sorts the planner picks from its
-- estimates (sort 'off' for the diff, 'on' for the report's ordered read), and so does
-- nested-loop joining (the staged tables have no statistics). Returns the values
-- in effect before, read first (the MATERIALIZED CTE).
WITH saved AS MATERIALIZED (
  SELECT pg_catalog.current_setting('jit') AS jit,
         pg_catalog.current_setting('enable_sort') AS enable_sort,
         pg_catalog.current_setting('work_mem') AS work_mem,
         pg_catalog.current_setting('enable_nestloop') AS enable_nestloop
)
SELECT saved.jit, saved.enable_sort, saved.work_mem, saved.enable_nestloop,
       pg_catalog.set_config('enable_nestloop', 'off', true),
       pg_catalog.set_config('jit', 'off', true),
       pg_catalog.set_config('enable_sort', %(sort)s, true),
       pg_catalog.set_config('work_mem',
                  CASE WHEN pg_catalog.pg_size_bytes(saved.work_mem) < pg_catalog.pg_size_bytes(%(work_mem)s)
                       THEN %(work_mem)s ELSE saved.work_mem END,
                  true)
FROM saved
