-- What depends on the given enum, domain or composite types and would make their recreate (rename the old
-- type away, create the new one, convert the table columns, drop the old one) fail: normal dependencies on
-- the type or its array type (table columns and their defaults excepted: the recreate converts those), and
-- what depends on those table columns (views, policies, SQL-standard functions). A rewrite rule or a view's
-- column stands for its view, a domain's check for its domain; followed transitively through views and functions
-- (a view calling a function).
-- A table's CHECK is named "check constraint" (the planner can carry one across, not other constraints).
-- Parameters: schemas, names: text arrays of equal length; n in the result is the position.
WITH RECURSIVE target AS (
    SELECT t.n, ty.oid, ty.typarray
    FROM ROWS FROM (
        pg_catalog.unnest(%(schemas)s::pg_catalog.text[]),
        pg_catalog.unnest(%(names)s::pg_catalog.text[])
    ) WITH ORDINALITY AS t (schema_name, type_name, n)
    JOIN pg_catalog.pg_namespace ns ON ns.nspname = t.schema_name
    JOIN pg_catalog.pg_type ty ON ty.typnamespace = ns.oid AND ty.typname = t.type_name
),
converted AS (
    SELECT tg.n, a.attrelid, a.attnum
    FROM target tg
    JOIN pg_catalog.pg_attribute a ON a.atttypid IN (tg.oid, tg.typarray) AND a.attnum > 0 AND NOT a.attisdropped
    JOIN pg_catalog.pg_class c ON c.oid = a.attrelid AND c.relkind IN ('r', 'p')
),
first_hand AS (
    SELECT tg.n, d.classid, d.objid, d.objsubid
    FROM target tg
    JOIN pg_catalog.pg_depend d
        ON d.refclassid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.refobjid IN (tg.oid, tg.typarray)
        AND d.deptype = 'n'
    WHERE d.classid <> 'pg_catalog.pg_attrdef'::pg_catalog.regclass
        AND NOT (d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = tg.typarray)
        AND NOT (d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objsubid > 0 AND EXISTS (
            SELECT FROM converted cv WHERE cv.n = tg.n AND cv.attrelid = d.objid AND cv.attnum = d.objsubid))
    UNION
    SELECT cv.n, d.classid, d.objid, d.objsubid
    FROM converted cv
    JOIN pg_catalog.pg_depend d
        ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = cv.attrelid
        AND d.refobjsubid = cv.attnum AND d.deptype = 'n'
    WHERE NOT (d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = cv.attrelid)
),
dep (n, classid, objid, depth) AS (
    SELECT f.n, o.classid, o.objid, 1
    FROM first_hand f
    LEFT JOIN pg_catalog.pg_constraint dc
        ON f.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND dc.oid = f.objid AND dc.contypid <> 0
    CROSS JOIN LATERAL (
        SELECT
            CASE WHEN f.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                THEN 'pg_catalog.pg_class'::pg_catalog.regclass
                WHEN dc.oid IS NOT NULL THEN 'pg_catalog.pg_type'::pg_catalog.regclass ELSE f.classid END AS classid,
            CASE WHEN f.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
                THEN (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid = f.objid)
                WHEN dc.oid IS NOT NULL THEN dc.contypid ELSE f.objid END AS objid
    ) o
    UNION
    SELECT dep.n, o.classid, o.objid, dep.depth + 1
    FROM dep
    JOIN pg_catalog.pg_depend d
        ON dep.classid IN ('pg_catalog.pg_class'::pg_catalog.regclass, 'pg_catalog.pg_proc'::pg_catalog.regclass)
        AND d.refclassid = dep.classid
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
    WHERE NOT (o.classid = dep.classid AND o.objid = dep.objid)
        AND dep.depth < 32
)
SELECT
    dep.n,
    CASE WHEN con.contype = 'c' AND con.conrelid <> 0 THEN 'check constraint' ELSE i.type END AS kind,
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
LEFT JOIN pg_catalog.pg_index ix
    ON dep.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ix.indexrelid = dep.objid
LEFT JOIN pg_catalog.pg_class on_rel
    ON on_rel.oid = COALESCE(con.conrelid, pol.polrelid, trg.tgrelid, ix.indrelid)
LEFT JOIN pg_catalog.pg_namespace on_ns ON on_ns.oid = on_rel.relnamespace
GROUP BY 1, 2, 3, 4, 5, 6
ORDER BY dep.n, depth, kind, schema, name
