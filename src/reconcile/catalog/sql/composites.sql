-- Composite types (CREATE TYPE ... AS) among (schema, name) pairs: their attributes (name, type) in order, and
-- the table columns typed with them or their array type (schema.table.column), which block an attribute's retype.
SELECT
    n.nspname AS schema,
    t.typname AS name,
    COALESCE((
        SELECT pg_catalog.array_agg(ARRAY[a.attname::pg_catalog.text, pg_catalog.format_type(a.atttypid, a.atttypmod)]
                                    ORDER BY a.attnum)
        FROM pg_catalog.pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped
    ), '{}') AS attributes,
    COALESCE((
        SELECT pg_catalog.array_agg(cn.nspname || '.' || r.relname || '.' || a.attname ORDER BY 1)
        FROM pg_catalog.pg_attribute a
        JOIN pg_catalog.pg_class r ON r.oid = a.attrelid AND r.relkind IN ('r', 'p')
        JOIN pg_catalog.pg_namespace cn ON cn.oid = r.relnamespace
        WHERE a.atttypid IN (t.oid, t.typarray) AND a.attnum > 0 AND NOT a.attisdropped
    ), '{}') AS columns
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
    AS want (schema_name, type_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
JOIN pg_catalog.pg_type t ON t.typnamespace = n.oid AND t.typname = want.type_name
JOIN pg_catalog.pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
WHERE t.typtype = 'c'
ORDER BY 1, 2
