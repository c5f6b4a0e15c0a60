-- Publications that include the table on servers before PostgreSQL 15 (no schema publications,
-- row filters or column lists): by name, or FOR ALL TABLES.
SELECT p.pubname, NULL::pg_catalog.text AS qual, NULL::pg_catalog.text AS columns
FROM pg_catalog.pg_publication p
JOIN pg_catalog.pg_publication_rel pr ON p.oid = pr.prpubid
WHERE pr.prrelid = %(oid)s::pg_catalog.oid
UNION ALL
SELECT p.pubname, NULL, NULL
FROM pg_catalog.pg_publication p
WHERE p.puballtables AND pg_catalog.pg_relation_is_publishable(%(oid)s::pg_catalog.oid)
ORDER BY 1
