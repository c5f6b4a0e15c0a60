-- What depends on the given columns (or whole tables, when the column is NULL) and would make
-- ALTER COLUMN TYPE, DROP COLUMN or moving the table fail or silently follow it: normal
-- dependencies only (a table's own indexes, constraints and defaults depend on it automatically).
-- A rewrite rule stands for its view or materialized view, followed transitively (views on views).
-- Parameters: schemas, tables, columns: text arrays of equal length; n in the result is the position.
WITH RECURSIVE target AS (
    SELECT t.n, c.oid AS relid, a.attnum
    FROM ROWS FROM (
        pg_catalog.unnest(%(schemas)s::pg_catalog.text[]),
        pg_catalog.unnest(%(tables)s::pg_catalog.text[]),
        pg_catalog.unnest(%(columns)s::pg_catalog.text[])
    ) WITH ORDINALITY AS t (schema_name, table_name, column_name, n)
    JOIN pg_catalog.pg_namespace ns ON ns.nspname = t.schema_name
    JOIN pg_catalog.pg_class c ON c.relnamespace = ns.oid AND c.relname = t.table_name
    LEFT JOIN pg_catalog.pg_attribute a
        ON a.attrelid = c.oid AND a.attname = t.column_name AND NOT a.attisdropped
    WHERE t.column_name IS NULL OR a.attnum IS NOT NULL
),
dep (n, classid, objid, depth) AS (
    SELECT tg.n, o.classid, o.objid, 1
    FROM target tg
    JOIN pg_catalog.pg_depend d
        ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
        AND d.refobjid = tg.relid
        AND (tg.attnum IS NULL OR d.refobjsubid = tg.attnum)
        AND d.deptype = 'n'
    CROSS JOIN LATERAL (
        SELECT
            CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                THEN 'pg_catalog.pg_class'::pg_catalog.regclass ELSE d.classid END AS classid,
            CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                THEN (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid = d.objid)
                ELSE d.objid END AS objid
    ) o
    WHERE NOT (o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND o.objid = tg.relid)
    UNION
    SELECT dep.n, o.classid, o.objid, dep.depth + 1
    FROM dep
    JOIN pg_catalog.pg_depend d
        ON dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass
        AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
        AND d.refobjid = dep.objid
        AND d.deptype = 'n'
    CROSS JOIN LATERAL (
        SELECT
            CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                THEN 'pg_catalog.pg_class'::pg_catalog.regclass ELSE d.classid END AS classid,
            CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                THEN (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid = d.objid)
                ELSE d.objid END AS objid
    ) o
    WHERE NOT (o.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND o.objid = dep.objid)
        AND dep.depth < 32
)
SELECT
    dep.n,
    i.type AS kind,
    COALESCE(i.schema, on_ns.nspname, '') AS schema,
    COALESCE(i.name, pro.proname, pol.polname, trg.tgname, con.conname, i.identity) AS name,
    i.identity,
    COALESCE(on_ns.nspname || '.' || on_rel.relname, '') AS on_table,
    pg_catalog.min(dep.depth) AS depth
FROM dep
CROSS JOIN LATERAL pg_catalog.pg_identify_object(dep.classid, dep.objid, 0) i
LEFT JOIN pg_catalog.pg_constraint con
    ON dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND con.oid = dep.objid
LEFT JOIN pg_catalog.pg_policy pol
    ON dep.classid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND pol.oid = dep.objid
LEFT JOIN pg_catalog.pg_trigger trg
    ON dep.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND trg.oid = dep.objid
LEFT JOIN pg_catalog.pg_proc pro
    ON dep.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND pro.oid = dep.objid
LEFT JOIN pg_catalog.pg_class on_rel ON on_rel.oid = COALESCE(con.conrelid, pol.polrelid, trg.tgrelid)
LEFT JOIN pg_catalog.pg_namespace on_ns ON on_ns.oid = on_rel.relnamespace
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY dep.n, depth, kind, schema, name
