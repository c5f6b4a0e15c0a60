-- The tables a scoped plan reads (plan/scoped.py), by (schema, name), and whether each is tied to an
-- object outside itself. A table's own objects: the table, its indexes, TOAST table and index, owned
-- sequences, row types, constraints, defaults, triggers (those of its foreign keys on the referenced
-- table too), policies and rules. Tied: any other object depending on one of them (a view, another
-- table's foreign key, a partition or child, a function body), or one of them depending on a user
-- object other than a schema or, for its own foreign keys, the referenced table and its key index.
WITH wanted AS (
    SELECT w.s, w.t FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(tables)s::pg_catalog.text[])) AS w(s, t)
), rel AS (
    SELECT c.oid, n.nspname, c.relname, c.relkind, c.relispartition
    FROM wanted w
    JOIN pg_catalog.pg_namespace n ON n.nspname = w.s
    JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = w.t
), rels AS (
    SELECT oid AS objid, oid AS owner FROM rel
    UNION ALL SELECT c.reltoastrelid, rel.oid FROM rel JOIN pg_catalog.pg_class c ON c.oid = rel.oid WHERE c.reltoastrelid <> 0
    UNION ALL SELECT d.objid, rel.oid FROM rel JOIN pg_catalog.pg_depend d
        ON d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid = rel.oid
        AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.deptype IN ('a', 'i')
        JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
), relations AS (
    SELECT objid, owner FROM rels
    UNION ALL SELECT i.indexrelid, rels.owner FROM rels JOIN pg_catalog.pg_index i ON i.indrelid = rels.objid
), constraints AS (
    SELECT k.oid AS objid, rel.oid AS owner, k.contype FROM rel JOIN pg_catalog.pg_constraint k ON k.conrelid = rel.oid
), own AS (
    SELECT 'pg_catalog.pg_class'::pg_catalog.regclass AS classid, objid, owner FROM relations
    UNION ALL SELECT 'pg_catalog.pg_constraint'::pg_catalog.regclass, objid, owner FROM constraints
    UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, t.oid, relations.owner
        FROM relations JOIN pg_catalog.pg_type t ON t.typrelid = relations.objid
    UNION ALL SELECT 'pg_catalog.pg_type'::pg_catalog.regclass, a.oid, relations.owner
        FROM relations JOIN pg_catalog.pg_type t ON t.typrelid = relations.objid
        JOIN pg_catalog.pg_type a ON a.typelem = t.oid
    UNION ALL SELECT 'pg_catalog.pg_attrdef'::pg_catalog.regclass, a.oid, rel.oid
        FROM rel JOIN pg_catalog.pg_attrdef a ON a.adrelid = rel.oid
    UNION ALL SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, g.oid, rel.oid
        FROM rel JOIN pg_catalog.pg_trigger g ON g.tgrelid = rel.oid
    UNION ALL SELECT 'pg_catalog.pg_trigger'::pg_catalog.regclass, g.oid, constraints.owner
        FROM constraints JOIN pg_catalog.pg_trigger g ON g.tgconstraint = constraints.objid
    UNION ALL SELECT 'pg_catalog.pg_policy'::pg_catalog.regclass, p.oid, rel.oid
        FROM rel JOIN pg_catalog.pg_policy p ON p.polrelid = rel.oid
    UNION ALL SELECT 'pg_catalog.pg_rewrite'::pg_catalog.regclass, r.oid, rel.oid
        FROM rel JOIN pg_catalog.pg_rewrite r ON r.ev_class = rel.oid
), inward AS (
    SELECT DISTINCT o.owner FROM own o
    JOIN pg_catalog.pg_depend d ON d.refclassid = o.classid AND d.refobjid = o.objid
    WHERE NOT EXISTS (SELECT FROM own x WHERE x.classid = d.classid AND x.objid = d.objid AND x.owner = o.owner)
), outward AS (
    SELECT DISTINCT o.owner FROM own o
    JOIN pg_catalog.pg_depend d ON d.classid = o.classid AND d.objid = o.objid
    WHERE d.refobjid >= 16384
        AND d.refclassid <> 'pg_catalog.pg_namespace'::pg_catalog.regclass
        AND NOT EXISTS (SELECT FROM own x WHERE x.classid = d.refclassid AND x.objid = d.refobjid AND x.owner = o.owner)
        AND NOT (o.classid = 'pg_catalog.pg_constraint'::pg_catalog.regclass
            AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
            AND EXISTS (SELECT FROM constraints k WHERE k.objid = o.objid AND k.contype = 'f'))
)
SELECT rel.nspname, rel.relname, rel.relkind::pg_catalog.text AS relkind,
    rel.relispartition
        OR EXISTS (SELECT FROM pg_catalog.pg_inherits h WHERE h.inhrelid = rel.oid OR h.inhparent = rel.oid)
        OR EXISTS (SELECT FROM inward WHERE inward.owner = rel.oid)
        OR EXISTS (SELECT FROM outward WHERE outward.owner = rel.oid) AS tied
FROM rel
ORDER BY 1, 2
