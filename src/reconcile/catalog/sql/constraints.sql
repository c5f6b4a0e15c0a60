-- PRIMARY KEY, UNIQUE, CHECK and FOREIGN KEY constraints (PostgreSQL 18's NOT NULL rows excluded:
-- nullability is read from the columns). `inherited`: a constraint a partition has from its parent
-- (conparentid, or a CHECK not local to it), which belongs to the parent.
SELECT c.conrelid AS oid,
       c.conname AS name,
       c.contype AS type,
       ARRAY(SELECT a.attname FROM pg_catalog.unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n) AS columns,
       CASE WHEN c.contype = 'c'
            THEN pg_catalog.regexp_replace(pg_catalog.pg_get_constraintdef(c.oid, true), ' NOT VALID$', '') END AS expression,
       rn.nspname AS ref_schema,
       rc.relname AS ref_table,
       ARRAY(SELECT a.attname FROM pg_catalog.unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
             JOIN pg_catalog.pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n) AS ref_columns,
       c.confdeltype AS on_delete,
       c.confupdtype AS on_update,
       c.condeferrable AS deferrable,
       c.condeferred AS initially_deferred,
       coalesce((pg_catalog.to_jsonb(ix) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct,
       c.convalidated AS valid,
       c.conparentid <> 0 OR NOT c.conislocal AS inherited
FROM pg_catalog.pg_constraint c
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = c.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_catalog.pg_index ix ON ix.indexrelid = c.conindid AND c.contype IN ('p', 'u')
WHERE c.conrelid = ANY(%(oids)s::pg_catalog.oid[]) AND c.contype IN ('p', 'u', 'c', 'f')
ORDER BY c.conrelid, c.conname
