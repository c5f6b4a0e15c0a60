-- What a spec cannot express yet, in the given schemas: one row per object or lost property.
-- kind, schema, name, "table" (the owning table, if any), note (what the spec gets instead),
-- effect ('table': the table is left out, 'default': the column is written without its default,
-- 'constraint': the constraint is left out, NULL: the rest is written as is), and default_of
-- ([table, column..., label]: lossy only when the name is not the one PostgreSQL would choose).
-- Objects that belong to an extension are reported once, as the extension.
WITH ns AS (
  SELECT oid, nspname FROM pg_catalog.pg_namespace WHERE nspname = ANY(%(schemas)s::pg_catalog.text[])
),
ext AS (
  SELECT classid, objid FROM pg_catalog.pg_depend WHERE deptype = 'e'
),
rel AS (
  SELECT c.oid, c.relname, c.relkind, c.relispartition, c.relpersistence, c.reloptions, c.reltablespace,
         c.relreplident, c.relrowsecurity, c.relforcerowsecurity, c.reloftype, c.relam, c.relacl, ns.nspname
  FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace
  WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND ext.objid = c.oid)
),
tab AS (
  SELECT * FROM rel WHERE relkind IN ('r', 'p')
),
col AS (
  SELECT t.nspname, t.relname, a.*, ty.typcollation, ty.typstorage
  FROM tab t JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
  JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
),
con AS (
  SELECT t.nspname, t.relname, c.*, pg_catalog.to_jsonb(c) AS j
  FROM tab t JOIN pg_catalog.pg_constraint c ON c.conrelid = t.oid
),
idx AS (
  SELECT t.nspname, t.relname, ic.relname AS idxname, ic.reloptions, ic.reltablespace, i.*
  FROM tab t JOIN pg_catalog.pg_index i ON i.indrelid = t.oid JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
),
seq AS (  -- sequences with the column that owns them (serial: 'a' and default nextval(); identity: 'i')
  SELECT r.nspname, r.relname, r.relacl, s.*, o.relname AS owner, a.attname, a.atttypid,
         d.deptype = 'i' OR pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) = 'nextval(' || pg_catalog.quote_literal(r.oid::pg_catalog.regclass::pg_catalog.text)
                                                               || '::regclass)' AS serial
  FROM rel r JOIN pg_catalog.pg_sequence s ON s.seqrelid = r.oid
  LEFT JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = r.oid
       AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid > 0 AND d.deptype IN ('a', 'i')
  LEFT JOIN pg_catalog.pg_class o ON o.oid = d.refobjid
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  WHERE r.relkind = 'S'
)
-- relations that are not tables (composite types are not here: import writes them, composite_names.sql)
SELECT 'foreign table' AS kind,
       nspname AS schema, relname AS name, NULL AS "table", '' AS note, NULL AS effect, NULL::pg_catalog.jsonb AS default_of
FROM rel WHERE relkind = 'f'
UNION ALL
SELECT 'view options', nspname, relname, NULL, pg_catalog.array_to_string(reloptions, ', '), NULL, NULL
FROM rel WHERE relkind IN ('v', 'm') AND EXISTS (
  SELECT 1 FROM pg_catalog.unnest(reloptions) o
  WHERE o NOT IN ('check_option=local', 'check_option=cascaded', 'security_barrier=true', 'security_invoker=true'))
UNION ALL
SELECT 'table inheritance', t.nspname, t.relname, t.relname, 'inherits ' || i.inhparent::pg_catalog.regclass::pg_catalog.text, NULL, NULL
FROM tab t JOIN pg_catalog.pg_inherits i ON i.inhrelid = t.oid WHERE NOT t.relispartition
-- table properties
UNION ALL
SELECT 'unlogged table', nspname, relname, relname, 'written as a logged table', NULL, NULL
FROM tab WHERE relpersistence = 'u'
UNION ALL
SELECT 'table storage parameters', nspname, relname, relname, pg_catalog.array_to_string(reloptions, ', '), NULL, NULL
FROM tab WHERE reloptions IS NOT NULL
UNION ALL
SELECT 'table tablespace', t.nspname, t.relname, t.relname, sp.spcname, NULL, NULL
FROM tab t JOIN pg_catalog.pg_tablespace sp ON sp.oid = t.reltablespace
UNION ALL
SELECT 'table access method', t.nspname, t.relname, t.relname, am.amname, NULL, NULL
FROM tab t JOIN pg_catalog.pg_am am ON am.oid = t.relam WHERE am.amname <> 'heap'
UNION ALL
SELECT 'replica identity', nspname, relname, relname,
       CASE relreplident WHEN 'n' THEN 'nothing' WHEN 'f' THEN 'full' ELSE 'index' END, NULL, NULL
FROM tab WHERE relreplident <> 'd'
UNION ALL
SELECT 'typed table', nspname, relname, relname, 'of type ' || reloftype::pg_catalog.regtype::pg_catalog.text, NULL, NULL
FROM tab WHERE reloftype <> 0
UNION ALL
SELECT 'privileges', nspname, relname, relname, pg_catalog.array_to_string(relacl, ', '), NULL, NULL
FROM tab WHERE relacl IS NOT NULL
UNION ALL
SELECT 'privileges', nspname, relname || '.' || attname, relname, pg_catalog.array_to_string(attacl, ', '), NULL, NULL
FROM col WHERE attacl IS NOT NULL
-- column properties
UNION ALL
SELECT 'column collation', c.nspname, c.relname || '.' || c.attname, c.relname, 'COLLATE ' || pg_catalog.quote_ident(co.collname),
       NULL, NULL
FROM col c JOIN pg_catalog.pg_collation co ON co.oid = c.attcollation WHERE c.attcollation <> c.typcollation
UNION ALL
SELECT 'column storage', nspname, relname || '.' || attname, relname, attstorage::pg_catalog.text, NULL, NULL
FROM col WHERE attstorage <> typstorage
UNION ALL
SELECT 'column compression', nspname, relname || '.' || attname, relname, attcompression::pg_catalog.text, NULL, NULL
FROM col WHERE attcompression <> ''
UNION ALL
SELECT 'column statistics target', nspname, relname || '.' || attname, relname, attstattarget::pg_catalog.text, NULL, NULL
FROM col WHERE coalesce(attstattarget, -1) >= 0
UNION ALL
SELECT 'column options', c.nspname, c.relname || '.' || c.attname, c.relname, o.opt, NULL, NULL
FROM col c CROSS JOIN LATERAL pg_catalog.unnest(c.attoptions) AS o(opt)
WHERE o.opt LIKE 'n\_distinct%%'  -- the only attribute options PostgreSQL itself defines
-- constraints
UNION ALL
SELECT 'exclusion constraint', nspname, conname, relname, '', NULL, NULL FROM con WHERE contype = 'x'
UNION ALL
SELECT 'constraint NOT ENFORCED', nspname, conname, relname, 'left out', 'constraint', NULL
FROM con WHERE contype IN ('c', 'f') AND (j ->> 'conenforced')::boolean IS FALSE
UNION ALL
SELECT 'foreign key MATCH FULL', nspname, conname, relname, 'written as MATCH SIMPLE', NULL, NULL
FROM con WHERE contype = 'f' AND confmatchtype = 'f'
UNION ALL
SELECT 'foreign key action column list', nspname, conname, relname, 'written for all columns', NULL, NULL
FROM con WHERE contype = 'f' AND pg_catalog.jsonb_typeof(j -> 'confdelsetcols') = 'array'
UNION ALL
SELECT 'temporal key (WITHOUT OVERLAPS/PERIOD)', nspname, conname, relname, 'written as a plain key', NULL, NULL
FROM con WHERE (j ->> 'conperiod')::boolean
UNION ALL
SELECT 'key with INCLUDE', c.nspname, c.conname, c.relname, 'written without its INCLUDE columns', NULL, NULL
FROM con c JOIN pg_catalog.pg_index i ON i.indexrelid = c.conindid
WHERE c.contype IN ('p', 'u') AND i.indnkeyatts < i.indnatts
UNION ALL
SELECT 'not-null constraint name', c.nspname, c.conname, c.relname, 'named by default instead', NULL,
       pg_catalog.jsonb_build_array(c.relname, a.attname, 'not_null')
FROM con c JOIN pg_catalog.pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
WHERE c.contype = 'n' AND c.conislocal  -- a partition's inherited ones are its parent's
UNION ALL
SELECT 'not-null constraint NOT VALID or NO INHERIT', nspname, conname, relname, 'written as plain NOT NULL', NULL,
       NULL
FROM con WHERE contype = 'n' AND (NOT convalidated OR connoinherit)
-- index properties (constraint indexes included)
UNION ALL
SELECT 'index storage parameters', nspname, idxname, relname, pg_catalog.array_to_string(reloptions, ', '), NULL, NULL
FROM idx WHERE reloptions IS NOT NULL
UNION ALL
SELECT 'index tablespace', i.nspname, i.idxname, i.relname, sp.spcname, NULL, NULL
FROM idx i JOIN pg_catalog.pg_tablespace sp ON sp.oid = i.reltablespace
UNION ALL
SELECT 'CLUSTER ON index', nspname, idxname, relname, '', NULL, NULL FROM idx WHERE indisclustered
UNION ALL
SELECT 'index key collation', i.nspname, i.idxname, i.relname, 'written with the default collation', NULL, NULL
FROM idx i
WHERE EXISTS (SELECT 1 FROM pg_catalog.generate_series(1, i.indnkeyatts) AS k(n)
              JOIN pg_catalog.pg_attribute ia ON ia.attrelid = i.indexrelid AND ia.attnum = k.n
              JOIN pg_catalog.pg_type ty ON ty.oid = ia.atttypid
              LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k.n - 1]
                                      AND i.indkey[k.n - 1] > 0
              WHERE i.indcollation[k.n - 1] <> 0
                AND i.indcollation[k.n - 1] <> coalesce(a.attcollation, ty.typcollation))
-- table-attached objects
UNION ALL
SELECT 'trigger', t.nspname, tg.tgname, t.relname, '', NULL, NULL
FROM tab t JOIN pg_catalog.pg_trigger tg ON tg.tgrelid = t.oid WHERE NOT tg.tgisinternal
  AND NOT (  -- what import writes as `triggers:` (inventory/trigger_text.py)
    tg.tgnargs = 0 AND tg.tgoldtable IS NULL AND tg.tgnewtable IS NULL AND tg.tgconstraint = 0
    AND tg.tgparentid = 0
    AND (SELECT fn.nspname FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace
         WHERE p.oid = tg.tgfoid) <> 'reconcile_archive')
UNION ALL
SELECT 'disabled trigger', t.nspname, tg.tgname, t.relname, 'written as enabled', NULL, NULL
FROM tab t JOIN pg_catalog.pg_trigger tg ON tg.tgrelid = t.oid WHERE NOT tg.tgisinternal AND tg.tgenabled <> 'O'
  AND tg.tgnargs = 0 AND tg.tgoldtable IS NULL AND tg.tgnewtable IS NULL AND tg.tgconstraint = 0
UNION ALL
SELECT 'rule', t.nspname, r.rulename, t.relname, '', NULL, NULL
FROM tab t JOIN pg_catalog.pg_rewrite r ON r.ev_class = t.oid WHERE r.rulename <> '_RETURN'
UNION ALL
SELECT 'publication', t.nspname, p.pubname, t.relname, '', NULL, NULL
FROM tab t JOIN pg_catalog.pg_publication_rel pr ON pr.prrelid = t.oid JOIN pg_catalog.pg_publication p ON p.oid = pr.prpubid
UNION ALL
SELECT 'comment on the index of a key', i.nspname, i.idxname, i.relname, 'left out: comment on the key instead', NULL, NULL
FROM idx i JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objoid = i.indexrelid
WHERE EXISTS (SELECT FROM pg_catalog.pg_constraint k WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid)
UNION ALL
SELECT 'comment on a primary key or not-null constraint', c.nspname, c.conname, c.relname, 'left out', NULL, NULL
FROM con c JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND d.objoid = c.oid
WHERE c.contype NOT IN ('u', 'c', 'f')
-- sequences
UNION ALL
SELECT 'sequence name', nspname, relname, owner, 'named by default instead', NULL,
       pg_catalog.jsonb_build_array(owner, attname, 'seq')
FROM seq WHERE serial
UNION ALL
SELECT 'sequence options', nspname, relname, owner,
       pg_catalog.format('AS %%s START %%s INCREMENT %%s MINVALUE %%s MAXVALUE %%s CACHE %%s%%s', seqtypid::pg_catalog.regtype, seqstart,
              seqincrement, seqmin, seqmax, seqcache, CASE WHEN seqcycle THEN ' CYCLE' ELSE '' END), NULL, NULL
FROM seq
WHERE serial AND (seqtypid <> atttypid OR seqstart <> 1 OR seqincrement <> 1 OR seqmin <> 1 OR seqcache <> 1
                  OR seqcycle OR seqmax <> CASE seqtypid WHEN 'pg_catalog.int2'::pg_catalog.regtype THEN 32767
                                                         WHEN 'pg_catalog.int4'::pg_catalog.regtype THEN 2147483647
                                                         ELSE 9223372036854775807 END)
UNION ALL
SELECT 'privileges', nspname, relname, owner, pg_catalog.array_to_string(relacl, ', '), NULL, NULL
FROM seq WHERE serial AND relacl IS NOT NULL
-- schema objects
UNION ALL
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' WHEN 'w' THEN 'window function'
                      ELSE 'function' END,
       ns.nspname, p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL,
       pg_catalog.concat_ws(', ', CASE WHEN p.proleakproof THEN 'LEAKPROOF' END,
                            CASE WHEN p.procost <> 100 AND l.lanname IN ('sql', 'plpgsql') THEN 'COST ' || p.procost END,
                            CASE WHEN p.prosupport <> 0 THEN 'SUPPORT ' || p.prosupport::pg_catalog.regproc::pg_catalog.text END,
                            CASE WHEN p.protrftypes IS NOT NULL THEN 'TRANSFORM' END,
                            (SELECT 'SET ' || pg_catalog.string_agg(pg_catalog.split_part(c.setting, '=', 1), ', ')
                             FROM pg_catalog.unnest(p.proconfig) AS c (setting) WHERE c.setting NOT LIKE 'search\_path=%%')),
       NULL, NULL
FROM pg_catalog.pg_proc p JOIN ns ON ns.oid = p.pronamespace JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND ext.objid = p.oid)
  AND NOT (  -- what import writes (function_names.sql): one sql/plpgsql routine of its name, no set result,
             -- no option the spec lacks
    p.prokind IN ('f', 'p') AND NOT p.proretset
    AND NOT p.proleakproof AND p.procost = 100 AND p.prosupport = 0 AND p.protrftypes IS NULL
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(p.proconfig) AS c (setting) WHERE c.setting NOT LIKE 'search\_path=%%')
    AND l.lanname IN ('sql', 'plpgsql')
    AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_proc o
                    WHERE o.pronamespace = p.pronamespace AND o.proname = p.proname AND o.oid <> p.oid))
UNION ALL
-- enum types and domains are not here: import writes them (enum_names.sql, domain_names.sql)
SELECT CASE t.typtype WHEN 'e' THEN 'enum type' WHEN 'd' THEN 'domain' WHEN 'r' THEN 'range type'
                      ELSE 'type' END,
       ns.nspname, t.typname, NULL, '', NULL, NULL
FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
WHERE t.typtype IN ('b', 'r', 'p') AND t.typrelid = 0 AND NOT (t.typcategory = 'A' AND t.typelem <> 0)
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND ext.objid = t.oid)
UNION ALL
SELECT 'statistics', ns.nspname, s.stxname, NULL, '', NULL, NULL
FROM pg_catalog.pg_statistic_ext s JOIN ns ON ns.oid = s.stxnamespace
UNION ALL
SELECT o.kind, ns.nspname, o.name, NULL, '', NULL, NULL
FROM (SELECT 'collation', collnamespace, collname, 'pg_catalog.pg_collation'::pg_catalog.regclass, oid FROM pg_catalog.pg_collation
      UNION ALL SELECT 'conversion', connamespace, conname, 'pg_catalog.pg_conversion'::pg_catalog.regclass, oid FROM pg_catalog.pg_conversion
      UNION ALL SELECT 'operator', oprnamespace, oprname, 'pg_catalog.pg_operator'::pg_catalog.regclass, oid FROM pg_catalog.pg_operator
      UNION ALL SELECT 'operator class', opcnamespace, opcname, 'pg_catalog.pg_opclass'::pg_catalog.regclass, oid FROM pg_catalog.pg_opclass
      UNION ALL SELECT 'operator family', opfnamespace, opfname, 'pg_catalog.pg_opfamily'::pg_catalog.regclass, oid FROM pg_catalog.pg_opfamily
      UNION ALL SELECT 'text search configuration', cfgnamespace, cfgname, 'pg_catalog.pg_ts_config'::pg_catalog.regclass, oid
                FROM pg_catalog.pg_ts_config
      UNION ALL SELECT 'text search dictionary', dictnamespace, dictname, 'pg_catalog.pg_ts_dict'::pg_catalog.regclass, oid FROM pg_catalog.pg_ts_dict
      UNION ALL SELECT 'text search parser', prsnamespace, prsname, 'pg_catalog.pg_ts_parser'::pg_catalog.regclass, oid FROM pg_catalog.pg_ts_parser
      UNION ALL SELECT 'text search template', tmplnamespace, tmplname, 'pg_catalog.pg_ts_template'::pg_catalog.regclass, oid
                FROM pg_catalog.pg_ts_template
     ) AS o(kind, namespace, name, classid, oid)
JOIN ns ON ns.oid = o.namespace
WHERE NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = o.classid AND ext.objid = o.oid)
UNION ALL
SELECT 'default privileges', ns.nspname, pg_catalog.pg_get_userbyid(d.defaclrole), NULL, pg_catalog.array_to_string(d.defaclacl, ', '),
       NULL, NULL
FROM pg_catalog.pg_default_acl d JOIN ns ON ns.oid = d.defaclnamespace
UNION ALL
SELECT 'schema privileges', n.nspname, n.nspname, NULL, pg_catalog.array_to_string(n.nspacl, ', '), NULL, NULL
FROM ns JOIN pg_catalog.pg_namespace n ON n.oid = ns.oid WHERE n.nspname <> 'public' AND n.nspacl IS NOT NULL
UNION ALL
SELECT 'schema comment', ns.nspname, ns.nspname, NULL, 'left out', NULL, NULL
FROM ns WHERE ns.nspname <> 'public'
  AND pg_catalog.obj_description(ns.oid, 'pg_namespace') IS NOT NULL
-- comments on objects whose spec files carry none (tables, columns, indexes, constraints, views and
-- routines carry theirs): a type, a composite attribute, a domain constraint, a sequence, a trigger, a
-- policy, a view's column
UNION ALL
SELECT 'comment on ' || CASE t.typtype WHEN 'e' THEN 'an enum type' WHEN 'd' THEN 'a domain' ELSE 'a composite type' END,
       ns.nspname, t.typname, NULL, 'left out', NULL, NULL
FROM pg_catalog.pg_type t JOIN ns ON ns.oid = t.typnamespace
JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objoid = t.oid
WHERE (t.typtype IN ('e', 'd') OR (t.typtype = 'c' AND EXISTS (SELECT FROM rel WHERE rel.oid = t.typrelid AND rel.relkind = 'c')))
  AND NOT EXISTS (SELECT 1 FROM ext WHERE ext.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND ext.objid = t.oid)
UNION ALL
SELECT 'comment on ' || CASE r.relkind WHEN 'S' THEN 'a sequence' WHEN 'c' THEN 'a composite type attribute' ELSE 'a view column' END,
       r.nspname, r.relname || CASE WHEN d.objsubid > 0 THEN '.' || a.attname ELSE '' END, NULL, 'left out', NULL, NULL
FROM rel r
JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objoid = r.oid
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = r.oid AND a.attnum = d.objsubid
WHERE (r.relkind = 'S' AND d.objsubid = 0) OR (r.relkind IN ('c', 'v', 'm') AND d.objsubid > 0)
UNION ALL
SELECT 'comment on a domain constraint', ns.nspname, c.conname, t.typname, 'left out', NULL, NULL
FROM pg_catalog.pg_constraint c JOIN pg_catalog.pg_type t ON t.oid = c.contypid JOIN ns ON ns.oid = t.typnamespace
JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass AND d.objoid = c.oid
UNION ALL
SELECT 'comment on a trigger', t.nspname, g.tgname, t.relname, 'left out', NULL, NULL
FROM tab t JOIN pg_catalog.pg_trigger g ON g.tgrelid = t.oid AND NOT g.tgisinternal
JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND d.objoid = g.oid
UNION ALL
SELECT 'comment on a policy', t.nspname, p.polname, t.relname, 'left out', NULL, NULL
FROM tab t JOIN pg_catalog.pg_policy p ON p.polrelid = t.oid
JOIN pg_catalog.pg_description d ON d.classoid = 'pg_catalog.pg_policy'::pg_catalog.regclass AND d.objoid = p.oid
ORDER BY 1, 2, 3, 4
