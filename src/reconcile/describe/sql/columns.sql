-- One row per live column: name, type, collation (only when not the type's default), not null,
-- default expression, identity and generated kinds.
SELECT a.attname,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       (SELECT co.collname
          FROM pg_catalog.pg_collation co, pg_catalog.pg_type t
         WHERE co.oid = a.attcollation AND t.oid = a.atttypid
           AND a.attcollation <> t.typcollation) AS collation,
       a.attnotnull,
       (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true)
          FROM pg_catalog.pg_attrdef d
         WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef) AS default_expr,
       a.attidentity,
       a.attgenerated
FROM pg_catalog.pg_attribute a
WHERE a.attrelid = %(oid)s::pg_catalog.oid AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY a.attnum
