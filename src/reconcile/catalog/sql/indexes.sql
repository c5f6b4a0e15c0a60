-- Indexes that do not back a constraint; `inherited`: a partition's copy of its parent's index (`attached_to`). Keys are plain columns or expressions as PostgreSQL
-- renders them; `uses` lists every column the index reads (keys, expressions, predicate).
SELECT i.indrelid AS oid,
       ic.relname AS name,
       am.amname AS method,
       i.indisunique AS "unique",
       i.indisvalid AS valid,
       EXISTS (SELECT 1 FROM pg_catalog.pg_inherits inh WHERE inh.inhrelid = i.indexrelid) AS inherited,
       (SELECT pg_catalog.json_build_array(pn.nspname, pc.relname) FROM pg_catalog.pg_inherits inh
          JOIN pg_catalog.pg_class pc ON pc.oid = inh.inhparent
          JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
         WHERE inh.inhrelid = i.indexrelid) AS attached_to,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS "where",
       coalesce((pg_catalog.to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct,
       (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
                 'column', a.attname,
                 'expression', CASE WHEN k.attnum = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k.n::int, true) END,
                 'descending', coalesce((i.indoption[k.n - 1] & 1) <> 0, false),
                 'nulls_first', coalesce((i.indoption[k.n - 1] & 2) <> 0, false),
                 'opclass', CASE WHEN NOT opc.opcdefault THEN opc.opcname END,
                 'include', k.n > i.indnkeyatts) ORDER BY k.n)
          FROM pg_catalog.unnest(i.indkey::pg_catalog.int2[]) WITH ORDINALITY AS k(attnum, n)
          LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum AND k.attnum > 0
          LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = i.indclass[k.n - 1] AND k.n <= i.indnkeyatts
       ) AS keys,
       ARRAY(SELECT a.attname FROM pg_catalog.pg_depend d
             JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
             WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = i.indexrelid
               AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = i.indrelid AND d.refobjsubid > 0
             ORDER BY a.attnum) AS uses
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
WHERE i.indrelid = ANY(%(oids)s::pg_catalog.oid[])
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint c
                  WHERE c.conindid = i.indexrelid AND c.conrelid = i.indrelid AND c.contype IN ('p', 'u', 'x'))
ORDER BY i.indrelid, ic.relname
