-- One digest of the catalog state a plan reads: every row version (oid or key, and xmin) of the
-- catalogs introspection and normalization look at. Any DDL, GRANT or COMMENT writes a new row
-- version, so it changes the digest; VACUUM and ANALYZE update pg_class in place and do not.
-- Index validity is hashed by value too (CREATE INDEX CONCURRENTLY's last step). Rows of the
-- system's own objects (oid below 16384) and system columns never change and are left out.
-- Two order-free sums of row hashes (a xor and an arithmetic sum, 128 bits with the count) stand
-- in for a sorted digest at half the cost.
SELECT pg_catalog.bit_xor(pg_catalog.hashtextextended(r, 0)) || '.' || pg_catalog.sum(pg_catalog.hashtextextended(r, 1)::pg_catalog.numeric) AS digest,
    pg_catalog.count(*) AS rows, pg_catalog.current_database() AS database
FROM (
    SELECT 'n' || oid || ':' || xmin FROM pg_catalog.pg_namespace
    UNION ALL SELECT 'c' || oid || ':' || xmin FROM pg_catalog.pg_class
    UNION ALL SELECT 'a' || attrelid || '.' || attnum || ':' || xmin FROM pg_catalog.pg_attribute WHERE attnum > 0 AND attrelid >= 16384
    UNION ALL SELECT 'd' || oid || ':' || xmin FROM pg_catalog.pg_attrdef
    UNION ALL SELECT 'k' || oid || ':' || xmin FROM pg_catalog.pg_constraint
    UNION ALL SELECT 'i' || indexrelid || ':' || xmin || ':' || indisvalid || indisready || indislive
        FROM pg_catalog.pg_index
    UNION ALL SELECT 't' || oid || ':' || xmin FROM pg_catalog.pg_type
    UNION ALL SELECT 'e' || oid || ':' || xmin FROM pg_catalog.pg_enum
    UNION ALL SELECT 'p' || oid || ':' || xmin FROM pg_catalog.pg_proc
    UNION ALL SELECT 'g' || oid || ':' || xmin FROM pg_catalog.pg_trigger
    UNION ALL SELECT 'o' || oid || ':' || xmin FROM pg_catalog.pg_policy
    UNION ALL SELECT 'w' || oid || ':' || xmin FROM pg_catalog.pg_rewrite
    UNION ALL SELECT 's' || seqrelid || ':' || xmin FROM pg_catalog.pg_sequence
    UNION ALL SELECT 'x' || oid || ':' || xmin FROM pg_catalog.pg_extension
    UNION ALL SELECT 'h' || inhrelid || '.' || inhparent || ':' || xmin FROM pg_catalog.pg_inherits
    UNION ALL SELECT 'r' || partrelid || ':' || xmin FROM pg_catalog.pg_partitioned_table
    UNION ALL SELECT 'm' || objoid || '.' || classoid || '.' || objsubid || ':' || xmin FROM pg_catalog.pg_description
    UNION ALL SELECT 'l' || oid || ':' || xmin FROM pg_catalog.pg_collation
    UNION ALL SELECT 'u' || oid || ':' || rolname FROM pg_catalog.pg_roles
    UNION ALL SELECT 'v' || setdatabase || '.' || setrole || ':' || xmin FROM pg_catalog.pg_db_role_setting
    UNION ALL SELECT 'y' || classid || '.' || objid || '.' || objsubid || '>' || refclassid || '.' || refobjid
        || '.' || refobjsubid || deptype::pg_catalog.text FROM pg_catalog.pg_depend WHERE objid >= 16384 OR refobjid >= 16384
    UNION ALL SELECT 'z' || pg_catalog.current_setting('search_path') || ':' || pg_catalog.current_setting('server_version_num')
) AS state(r)
