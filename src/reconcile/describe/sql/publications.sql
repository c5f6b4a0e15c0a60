-- Publications that include the table: through its schema, by name (with row filter and
-- column list), or FOR ALL TABLES. PostgreSQL 15 and later.
SELECT p.pubname, NULL::pg_catalog.text AS qual, NULL::pg_catalog.text AS columns
FROM pg_catalog.pg_publication p
JOIN pg_catalog.pg_publication_namespace pn ON p.oid = pn.pnpubid
JOIN pg_catalog.pg_class pc ON pc.relnamespace = pn.pnnspid
WHERE pc.oid = %(oid)s::pg_catalog.oid AND pg_catalog.pg_relation_is_publishable(%(oid)s::pg_catalog.oid)
UNION
SELECT p.pubname, pg_catalog.pg_get_expr(pr.prqual, c.oid),
       CASE WHEN pr.prattrs IS NOT NULL THEN
         (SELECT pg_catalog.string_agg(a.attname, ', ')
            FROM pg_catalog.generate_series(0, pg_catalog.array_upper(pr.prattrs::pg_catalog.int2[], 1)) s,
                 pg_catalog.pg_attribute a
           WHERE a.attrelid = pr.prrelid AND a.attnum = pr.prattrs[s])
       END
FROM pg_catalog.pg_publication p
JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid
JOIN pg_catalog.pg_class c ON c.oid = pr.prrelid
WHERE pr.prrelid = %(oid)s::pg_catalog.oid
UNION
SELECT p.pubname, NULL, NULL
FROM pg_catalog.pg_publication p
WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable(%(oid)s::pg_catalog.oid)
ORDER BY 1
