-- Columns of the given tables. A column whose default is nextval() of a sequence it owns reads
-- as serial/bigserial/smallserial, as it was declared. A generated column's expression (also in
-- pg_attrdef) is its "generated", never its default.
SELECT a.attrelid AS oid,
       a.attname AS name,
       CASE WHEN owned.is_serial THEN
              CASE pg_catalog.format_type(a.atttypid, NULL)
                WHEN 'bigint' THEN 'bigserial' WHEN 'smallint' THEN 'smallserial' ELSE 'serial' END
            ELSE pg_catalog.format_type(a.atttypid, a.atttypmod) END AS type,
       a.attnotnull AS not_null,
       CASE WHEN owned.is_serial OR a.attgenerated <> '' THEN NULL
            ELSE pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS "default",
       CASE a.attidentity WHEN 'a' THEN 'always' WHEN 'd' THEN 'by default' END AS identity,
       CASE WHEN a.attgenerated <> '' THEN pg_catalog.pg_get_expr(d.adbin, d.adrelid) END AS generated,
       a.attgenerated = 'v' AS virtual
FROM pg_catalog.pg_attribute a
LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN LATERAL (
  SELECT true AS is_serial
  FROM pg_catalog.pg_depend dep
  JOIN pg_catalog.pg_class seq ON seq.oid = dep.objid AND seq.relkind = 'S'
  WHERE dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND dep.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
    AND dep.refobjid = a.attrelid AND dep.refobjsubid = a.attnum AND dep.deptype = 'a'
    AND a.attidentity = ''
    AND pg_catalog.pg_get_expr(d.adbin, d.adrelid) = 'nextval(' || pg_catalog.quote_literal(seq.oid::pg_catalog.regclass::pg_catalog.text) || '::regclass)'
  LIMIT 1
) owned ON true
WHERE a.attrelid = ANY(%(oids)s::pg_catalog.oid[]) AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attrelid, a.attnum
