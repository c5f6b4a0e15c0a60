-- The managed tables: (schema, name) pairs -> oid. With %(temp)s the tables are the session's
-- temporary copies (normalization), reported under the schema the spec gave them.
SELECT c.oid, want.schema, want.name
FROM unnest(%(schemas)s::text[], %(names)s::text[]) AS want(schema, name)
JOIN pg_class c ON c.relname = want.name AND c.relkind IN ('r', 'p')
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE CASE WHEN %(temp)s THEN c.relnamespace = pg_my_temp_schema() ELSE n.nspname = want.schema END
ORDER BY want.schema, want.name
