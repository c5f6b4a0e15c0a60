-- The managed tables: (schema, name) pairs -> oid, with row-level security (flags and policies,
-- NULL when RLS is off and the table has none: tables without it read as before), and partitioning
-- (the key of a partitioned table, the parent and bounds of a partition; NULL for a plain table).
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
       END AS row_security,
       CASE WHEN c.relkind = 'p' OR c.relispartition
       THEN pg_catalog.jsonb_build_object(
           'key', CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END,
           'parent', (SELECT pg_catalog.jsonb_build_array(pn.nspname, pc.relname)
                      FROM pg_catalog.pg_inherits i
                      JOIN pg_catalog.pg_class pc ON pc.oid = i.inhparent
                      JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                      WHERE i.inhrelid = c.oid AND c.relispartition),
           'bounds', CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END,
           'tree', (SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_array(tn.nspname, tc.relname, pn.nspname,
                                                pc.relname, tc.relkind = 'p') ORDER BY tree.level, tn.nspname, tc.relname)
                    FROM pg_catalog.pg_partition_tree(c.oid) tree
                    JOIN pg_catalog.pg_class tc ON tc.oid = tree.relid
                    JOIN pg_catalog.pg_namespace tn ON tn.oid = tc.relnamespace
                    JOIN pg_catalog.pg_class pc ON pc.oid = tree.parentrelid
                    JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
                    WHERE tree.level > 0 AND c.relkind = 'p'))
       END AS partitioning
FROM ROWS FROM (pg_catalog.unnest(%(schemas)s::pg_catalog.text[]), pg_catalog.unnest(%(names)s::pg_catalog.text[]))
  AS want(schema, name)
JOIN pg_catalog.pg_namespace n ON n.nspname = want.schema
JOIN pg_catalog.pg_class c ON c.relname = want.name AND c.relnamespace = n.oid AND c.relkind IN ('r', 'p')
ORDER BY want.schema, want.name
