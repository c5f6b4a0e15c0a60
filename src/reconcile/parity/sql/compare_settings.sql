-- For the comparison's transaction only: JIT costs more than it saves on one big join and two big
-- aggregates; work_mem raised (never lowered) so they spill less; hashing a million buckets beats
-- the sorts the planner picks from its estimates (sort 'off' for the diff, 'on'
-- again for the report's ordered read).
SELECT pg_catalog.set_config('jit', 'off', true),
       pg_catalog.set_config('enable_sort', %(sort)s, true),
       pg_catalog.set_config('work_mem',
                  CASE WHEN pg_catalog.pg_size_bytes(pg_catalog.current_setting('work_mem')) < pg_catalog.pg_size_bytes(%(work_mem)s)
                       THEN %(work_mem)s ELSE pg_catalog.current_setting('work_mem') END,
                  true)
