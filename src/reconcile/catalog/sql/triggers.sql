-- User triggers on the given (schema, table) pairs, as pg_get_triggerdef renders them, with the
-- function each calls (the definition names it schema-qualified). Internal triggers (foreign keys) and reconcile's own archive capture triggers
-- (their function lives in the archive schema) are left out.
SELECT
    n.nspname AS schema,
    c.relname AS table_name,
    t.tgname AS trigger,
    -- the function schema-qualified whatever the search_path (apply runs the text under its own)
    pg_catalog.replace(pg_catalog.pg_get_triggerdef(t.oid, false),
        ' EXECUTE FUNCTION ' || t.tgfoid::pg_catalog.regproc::pg_catalog.text || '(',
        ' EXECUTE FUNCTION ' || pg_catalog.quote_ident(fn.nspname) || '.' || pg_catalog.quote_ident(p.proname) || '(')
        AS definition,
    fn.nspname || '.' || p.proname AS function
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(tables)s::pg_catalog.text[])) AS want (schema_name, table_name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema_name
JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = want.table_name
JOIN pg_catalog.pg_trigger t ON t.tgrelid = c.oid AND NOT t.tgisinternal AND t.tgparentid = 0
JOIN pg_catalog.pg_proc p ON p.oid = t.tgfoid
JOIN pg_catalog.pg_namespace fn ON fn.oid = p.pronamespace
WHERE fn.nspname <> %(archive)s
ORDER BY 1, 2, 3
