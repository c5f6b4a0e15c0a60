-- Composite types (CREATE TYPE ... AS) among (schema, name) pairs: their attributes (name, type) in order, and
-- the table columns typed with them or their array type (schema, table, column, default or '', "[]" for an array
-- or ''), which an attribute retype converts (ALTER ATTRIBUTE ... TYPE is refused while a column uses the type).
SELECT
    n.nspname AS schema,
    t.typname AS name,
    COALESCE((
        SELECT pg_catalog.array_agg(ARRAY[a.attname::pg_catalog.text, pg_catalog.format_type(a.atttypid, a.atttypmod)]
                                    ORDER BY a.attnum)
        FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
    ), '{}') AS attributes,
    COALESCE((
        SELECT pg_catalog.array_agg(ARRAY[cn.nspname::pg_catalog.text, r.relname::pg_catalog.text, a.attname::pg_catalog.text,
                                          COALESCE(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid), ''),
                                          CASE WHEN a.atttypid = t.oid THEN '' ELSE '[]' END]
                                    ORDER BY cn.nspname, r.relname, a.attnum)
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class r ON r.oid = a.attrelid AND r.relkind IN ('r', 'p')
        JOIN pg_catalog.pg_namespace cn ON cn.oid = r.relnamespace
        LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        WHERE a.atttypid IN (t.oid, t.typarray) AND a.attnum > 0 AND NOT a.attisdropped
    ), '{}') AS columns
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
    AS want (schema_name, type_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typname = want.type_name
JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
WHERE t.typtype = 'c'
ORDER BY 1, 2
