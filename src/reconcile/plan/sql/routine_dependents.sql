-- What depends on the given functions or procedures and would make DROP FUNCTION fail: views
-- (through their rewrite rule), check constraints, defaults' tables, triggers, SQL-standard bodies.
-- Parameters: schemas, names, identities: text arrays of equal length; n in the result is the position.
WITH target AS (
    SELECT t.n, p.oid
    FROM ROWS FROM (
        pg_catalog.unnest(%(schemas)s::pg_catalog.text[]),
        pg_catalog.unnest(%(names)s::pg_catalog.text[]),
        pg_catalog.unnest(%(identities)s::pg_catalog.text[])
    ) WITH ORDINALITY AS t (schema_name, fn_name, identity, n)
    JOIN pg_catalog.pg_namespace ns ON ns.nspname = t.schema_name
    JOIN pg_catalog.pg_proc p ON p.pronamespace = ns.oid AND p.proname = t.fn_name
        AND pg_catalog.pg_get_function_identity_arguments(p.oid) = t.identity
),
dep AS (
    SELECT tg.n,
        CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
            THEN 'pg_catalog.pg_class'::pg_catalog.regclass
            WHEN d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
            THEN 'pg_catalog.pg_class'::pg_catalog.regclass ELSE d.classid END AS classid,
        CASE WHEN d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
            THEN (SELECT r.ev_class FROM pg_catalog.pg_rewrite r WHERE r.oid = d.objid)
            WHEN d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
            THEN (SELECT ad.adrelid FROM pg_catalog.pg_attrdef ad WHERE ad.oid = d.objid)
            ELSE d.objid END AS objid
    FROM target tg
    JOIN pg_catalog.pg_depend d
        ON d.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.refobjid = tg.oid AND d.deptype = 'n'
    WHERE NOT (d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = tg.oid)
)
SELECT DISTINCT
    dep.n,
    i.type AS kind,
    COALESCE(i.schema, on_ns.nspname, '') AS schema,
    COALESCE(i.name, pro.proname, trg.tgname, con.conname, i.identity) AS name,
    i.identity,
    COALESCE(on_ns.nspname || '.' || on_rel.relname, '') AS on_table,
    1 AS depth
FROM dep
CROSS JOIN LATERAL pg_catalog.pg_identify_object(dep.classid, dep.objid, 0) i
LEFT JOIN pg_catalog.pg_constraint con
    ON dep.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND con.oid = dep.objid
LEFT JOIN pg_catalog.pg_trigger trg
    ON dep.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND trg.oid = dep.objid
LEFT JOIN pg_catalog.pg_proc pro
    ON dep.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND pro.oid = dep.objid
LEFT JOIN pg_catalog.pg_class on_rel ON on_rel.oid = COALESCE(con.conrelid, trg.tgrelid)
LEFT JOIN pg_catalog.pg_namespace on_ns ON on_ns.oid = on_rel.relnamespace
ORDER BY dep.n, kind, schema, name
