-- Standalone sequences in the given schemas: not an identity's, not a serial column's (owned by the
-- column whose default calls it), not an extension's: kind, schema, name.
SELECT 'sequence' AS kind, n.nspname AS schema, c.relname AS name
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%(schemas)s::pg_catalog.text[]) AND c.relkind = 'S'
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = d.refobjid AND ad.adnum = d.refobjsubid
    WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
      AND (d.deptype IN ('i', 'e')
           OR (d.deptype = 'a' AND pg_catalog.pg_get_expr(ad.adbin, ad.adrelid)
                                   = 'nextval(' || pg_catalog.quote_literal(c.oid::pg_catalog.regclass::pg_catalog.text) || '::regclass)'))
  )
ORDER BY 2, 3
