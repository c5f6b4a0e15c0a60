-- The managed tables: (schema, name) pairs -> oid, with row-level security (flags and policies,
-- NULL when RLS is off and the table has none: tables without it read as before).
SELECT c.oid, want.schema, want.name,
       CASE WHEN c.relrowsecurity OR c.relforcerowsecurity
                 OR EXISTS (SELECT 1 FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid)
       THEN pg_catalog.jsonb_build_object(
           'enabled', c.relrowsecurity,
           'forced', c.relforcerowsecurity,
           'policies', COALESCE((
               SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
                   'name', p.polname,
                   'command', CASE p.polcmd WHEN 'r' THEN 'select' WHEN 'a' THEN 'insert'
                                  WHEN 'w' THEN 'update' WHEN 'd' THEN 'delete' ELSE 'all' END,
                   'permissive', p.polpermissive,
                   'roles', ARRAY(SELECT COALESCE(r.rolname, 'public')
                                  FROM pg_catalog.unnest(p.polroles) AS pr(oid)
                                  LEFT JOIN pg_catalog.pg_roles r ON r.oid = pr.oid AND pr.oid <> 0
                                  ORDER BY 1),
                   'using', pg_catalog.pg_get_expr(p.polqual, p.polrelid),
                   'with_check', pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid)
               ) ORDER BY p.polname)
               FROM pg_catalog.pg_policy p WHERE p.polrelid = c.oid), '[]'::pg_catalog.jsonb))
       END AS row_security
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
  AS want(schema, name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema
JOIN pg_catalog.pg_class c ON c.relname = want.name AND c.relnamespace = n.oid AND c.relkind IN ('r', 'p')
ORDER BY want.schema, want.name
