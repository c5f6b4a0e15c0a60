-- Sequences among (schema, name) pairs: their options, the table.column that owns them ('' if none; PostgreSQL
-- keeps an owner in the sequence's schema) and their data type.
SELECT n.nspname AS schema, c.relname AS name, s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache,
       s.seqcycle, COALESCE(t.relname || '.' || a.attname, '') AS owned_by,
       pg_catalog.format_type(s.seqtypid, NULL) AS data_type
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
    AS want (schema_name, rel_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = want.rel_name AND c.relkind = 'S'
JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_catalog.pg_depend d
    ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
    AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype = 'a'
LEFT JOIN pg_catalog.pg_class t ON t.oid = d.refobjid AND t.relnamespace = n.oid
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
ORDER BY 1, 2
