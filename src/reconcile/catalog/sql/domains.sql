-- Domains among (schema, name) pairs: base type, collation (its name when not the base type's own, else ''),
-- NOT NULL (pg_type.typnotnull: PostgreSQL 18 also records it
-- as a pg_constraint row with contype 'n', 15 does not, so those rows are skipped), default, and the CHECK
-- constraints (name, expression, "not valid" or '') in name order; the table columns of the domain or its array
-- type (schema, table, column, default or '', "[]" for an array or ''), which a base type change converts.
SELECT
    n.nspname AS schema,
    t.typname AS name,
    pg_catalog.format_type(t.typbasetype, t.typtypmod) AS base_type,
    COALESCE((
        SELECT co.collname::pg_catalog.text
        FROM pg_catalog.pg_type b, pg_catalog.pg_collation co
        WHERE b.oid = t.typbasetype AND co.oid = t.typcollation AND t.typcollation <> b.typcollation
    ), '') AS collation,
    t.typnotnull AS not_null,
    COALESCE(pg_catalog.pg_get_expr(t.typdefaultbin, 0), '') AS "default",
    COALESCE((
        SELECT pg_catalog.array_agg(ARRAY[c.conname::pg_catalog.text, pg_catalog.pg_get_expr(c.conbin, 0),
                                          CASE WHEN c.convalidated THEN '' ELSE 'not valid' END]
                                    ORDER BY c.conname)
        FROM pg_catalog.pg_constraint c WHERE c.contypid = t.oid AND c.contype = 'c'
    ), '{}') AS checks,
    COALESCE((
        SELECT pg_catalog.array_agg(ARRAY[cn.nspname::pg_catalog.text, c.relname::pg_catalog.text, a.attname::pg_catalog.text,
                                          COALESCE(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), ''),
                                          CASE WHEN a.atttypid = t.oid THEN '' ELSE '[]' END]
                                    ORDER BY cn.nspname, c.relname, a.attnum)
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
        JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.atttypid IN (t.oid, t.typarray) AND a.attnum > 0 AND NOT a.attisdropped
    ), '{}') AS columns
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
    AS want (schema_name, type_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typname = want.type_name
WHERE t.typtype = 'd'
ORDER BY 1, 2
