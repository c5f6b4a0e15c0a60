-- Views and materialized views among (schema, name) pairs: the definition as PostgreSQL renders
-- it, the output columns, the options and what the query reads (relations and their columns).
SELECT
    c.oid,
    n.nspname AS schema,
    c.relname AS name,
    c.relkind::pg_catalog.text AS relkind,
    pg_catalog.pg_get_viewdef(c.oid) AS definition,
    COALESCE((
        SELECT pg_catalog.array_agg(o ORDER BY o) FROM pg_catalog.unnest(c.reloptions) AS o
    ), '{}') AS options,
    COALESCE((
        SELECT pg_catalog.array_agg(ARRAY[a.attname::pg_catalog.text, pg_catalog.format_type(a.atttypid, a.atttypmod)]
                                    ORDER BY a.attnum)
        FROM pg_catalog.pg_attribute a
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    ), '{}') AS columns,
    COALESCE((
        SELECT pg_catalog.array_agg(DISTINCT ARRAY[rn.nspname::pg_catalog.text, rc.relname::pg_catalog.text, COALESCE(ra.attname::pg_catalog.text, '')])
        FROM pg_catalog.pg_rewrite r
        JOIN pg_catalog.pg_depend d
            ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = r.oid
            AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid <> c.oid
        JOIN pg_catalog.pg_class rc ON rc.oid = d.refobjid
        JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
        LEFT JOIN pg_catalog.pg_attribute ra ON ra.attrelid = d.refobjid AND ra.attnum = d.refobjsubid
            AND d.refobjsubid > 0
        WHERE r.ev_class = c.oid
    ), '{}') AS reads
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[])) AS want (schema_name, rel_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = want.rel_name
WHERE c.relkind = %(relkind)s
ORDER BY 1, 2
