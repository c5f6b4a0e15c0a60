-- Columns of the given tables. A column whose default is nextval() of a sequence it owns reads
-- as serial/bigserial/smallserial, as it was declared.
SELECT a.attrelid AS oid,
       a.attname AS name,
       CASE WHEN owned.is_serial THEN
              CASE format_type(a.atttypid, NULL)
                WHEN 'bigint' THEN 'bigserial' WHEN 'smallint' THEN 'smallserial' ELSE 'serial' END
            ELSE format_type(a.atttypid, a.atttypmod) END AS type,
       a.attnotnull AS not_null,
       CASE WHEN owned.is_serial THEN NULL ELSE pg_get_expr(d.adbin, d.adrelid) END AS "default",
       CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END AS identity
FROM pg_attribute a
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN LATERAL (
  SELECT true AS is_serial
  FROM pg_depend dep
  JOIN pg_class seq ON seq.oid = dep.objid AND seq.relkind = 'S'
  WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
    AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'a'
    AND a.attidentity = ''
    AND pg_get_expr(d.adbin, d.adrelid) = 'nextval(' || quote_literal(seq.oid::regclass::text) || '::regclass)'
  LIMIT 1
) owned ON true
WHERE a.attrelid = ANY(%(oids)s::oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
