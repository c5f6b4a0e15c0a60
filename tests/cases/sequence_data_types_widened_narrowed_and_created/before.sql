CREATE SEQUENCE small_ids AS smallint;
SELECT pg_catalog.setval('small_ids', 300);
CREATE SEQUENCE counter;
SELECT pg_catalog.setval('counter', 41);
CREATE TABLE invoices (id integer PRIMARY KEY, number integer);
