-- Enum types among (schema, name) pairs: their values in sort order, and the table columns typed
-- with them (schema, table, column, default or ''), which a recreate must convert.
SELECT
    n.nspname AS schema,
    t.typname AS name,
    COALESCE((
        SELECT pg_catalog.array_agg(e.enumlabel::pg_catalog.text ORDER BY e.enumsortorder)
        FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid
    ), '{}') AS "values",
    COALESCE((
        SELECT pg_catalog.array_agg(ARRAY[cn.nspname::pg_catalog.text, c.relname::pg_catalog.text, a.attname::pg_catalog.text,
                                          COALESCE(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), '')]
                                    ORDER BY cn.nspname, c.relname, a.attnum)
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
        JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
        LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.atttypid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
    ), '{}') AS columns
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
    AS want (schema_name, type_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typname = want.type_name
WHERE t.typtype = 'e'
ORDER BY 1, 2
