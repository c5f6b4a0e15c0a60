-- Comments (pg_description) on the given relations (schema, name) and on their columns, indexes and
-- constraints, and on the functions and procedures of those names: the object kind, its relation
-- (the routine's name), the sub-object's name ("" for the relation), the text and a routine's
-- identity arguments ("" else).
WITH want AS (
    SELECT * FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
        AS w (schema_name, rel_name)
)
SELECT * FROM (
    SELECT n.nspname AS schema,
           CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized_view' ELSE 'table' END AS on_kind,
           c.relname AS relation, ''::pg_catalog.text AS sub, d.description AS text,
           ''::pg_catalog.text AS args
    FROM want
    JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
    JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = want.rel_name
    JOIN pg_catalog.pg_description d
        ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objoid = c.oid AND d.objsubid = 0
    UNION ALL
    SELECT n.nspname, 'column', c.relname, a.attname::pg_catalog.text, d.description, ''
    FROM want
    JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
    JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = want.rel_name
    JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_description d
        ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objoid = c.oid AND d.objsubid = a.attnum
    UNION ALL
    SELECT n.nspname, 'index', c.relname, i.relname::pg_catalog.text, d.description, ''
    FROM want
    JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
    JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = want.rel_name
    JOIN pg_catalog.pg_index x ON x.indrelid = c.oid
    JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
    JOIN pg_catalog.pg_description d
        ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objoid = i.oid AND d.objsubid = 0
    WHERE NOT EXISTS (
        SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = i.oid AND k.conrelid = c.oid
    )
    UNION ALL
    SELECT n.nspname, 'constraint', c.relname, k.conname::pg_catalog.text, d.description, ''
    FROM want
    JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
    JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = want.rel_name
    JOIN pg_catalog.pg_constraint k ON k.conrelid = c.oid
    JOIN pg_catalog.pg_description d
        ON d.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND d.objoid = k.oid AND d.objsubid = 0
    UNION ALL
    SELECT n.nspname, CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END, p.proname,
           '', d.description, pg_catalog.pg_get_function_identity_arguments(p.oid)
    FROM want
    JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
    JOIN pg_catalog.pg_proc p ON p.pronamespace = n.oid AND p.proname = want.rel_name AND p.prokind IN ('f', 'p')
    JOIN pg_catalog.pg_description d
        ON d.classoid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objoid = p.oid AND d.objsubid = 0
) AS found
ORDER BY 1, 3, 2, 4
