-- Enum types among (schema, name) pairs: their values in sort order; the table columns typed with them
-- or with their array type (schema, table, column, default or '', "[]" for an array or ''), which a
-- recreate converts; and what else uses the type (pg_describe_object), which a recreate cannot carry:
-- constraints, index predicates, views, functions, other types (a view reading such a column too).
SELECT
    n.nspname AS schema,
    t.typname AS name,
    COALESCE((
        SELECT pg_catalog.array_agg(e.enumlabel::pg_catalog.text ORDER BY e.enumsortorder)
        FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid
    ), '{}') AS "values",
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
    ), '{}') AS columns,
    COALESCE((
        SELECT pg_catalog.array_agg(DISTINCT pg_catalog.pg_describe_object(u.classid, u.objid, 0))
        FROM (
            SELECT d.classid, d.objid, d.objsubid
            FROM pg_catalog.pg_depend d
            WHERE d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.refobjid IN (t.oid, t.typarray)
                AND d.deptype = 'n'
                AND d.classid <> 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                AND NOT (d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid > 0 AND EXISTS (
                    SELECT FROM pg_catalog.pg_class tc WHERE tc.oid = d.objid AND tc.relkind IN ('r', 'p')))
            UNION
            SELECT d.classid, d.objid, d.objsubid
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_depend d
                ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = a.attrelid
                AND d.refobjsubid = a.attnum AND d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
            WHERE a.atttypid IN (t.oid, t.typarray) AND a.attnum > 0 AND NOT a.attisdropped
        ) u
    ), '{}') AS used_by
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
    AS want (schema_name, type_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typname = want.type_name
WHERE t.typtype = 'e'
ORDER BY 1, 2
