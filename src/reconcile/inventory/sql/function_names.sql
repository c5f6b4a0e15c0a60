-- Functions and procedures in the given schemas that no extension owns and that are the only
-- routine of their name (the spec has no overloads), with no option the spec lacks (LEAKPROOF, a COST,
-- a SET other than search_path, a SUPPORT or TRANSFORM function; unsupported.sql reports those): kind, schema, name.
SELECT CASE p.prokind WHEN 'p' THEN 'procedure' ELSE 'function' END AS kind, n.nspname AS schema, p.proname AS name
FROM pg_catalog.pg_proc p
JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
JOIN pg_catalog.pg_language l ON l.oid = p.prolang
WHERE n.nspname = ANY(%(schemas)s::pg_catalog.text[]) AND p.prokind IN ('f', 'p')
  AND l.lanname IN ('sql', 'plpgsql')
  AND NOT p.proretset
  AND NOT p.proleakproof AND p.procost = 100 AND p.prosupport = 0 AND p.protrftypes IS NULL
  AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(p.proconfig) AS c (setting) WHERE c.setting NOT LIKE 'search\_path=%%')
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_depend d
    WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e'
  )
  AND NOT EXISTS (
    SELECT 1 FROM pg_catalog.pg_proc o WHERE o.pronamespace = p.pronamespace AND o.proname = p.proname AND o.oid <> p.oid
  )
ORDER BY 2, 3
