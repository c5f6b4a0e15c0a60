SELECT s.seqrelid::pg_catalog.regclass, pg_catalog.format_type(s.seqtypid, NULL), s.seqmin, s.seqmax,
       pg_catalog.nextval(s.seqrelid::pg_catalog.regclass)
FROM pg_catalog.pg_sequence s ORDER BY 1::pg_catalog.text;
SELECT pg_catalog.pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid) FROM pg_catalog.pg_depend d
WHERE d.objid = 'invoice_numbers'::pg_catalog.regclass AND d.deptype = 'a';
