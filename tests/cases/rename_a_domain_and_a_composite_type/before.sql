CREATE DOMAIN amount AS numeric(12,2) CONSTRAINT amount_not_negative CHECK (VALUE >= 0);
CREATE TYPE tag AS (label text, price amount);
CREATE TABLE priced (
  id integer PRIMARY KEY,
  price amount DEFAULT 1::amount,
  tag tag,
  tags tag[],
  CONSTRAINT priced_cheap CHECK (price < 1000::amount)
);
INSERT INTO priced SELECT g, g * 1.5, ROW('t' || g, g)::tag, ARRAY[ROW('a', g)::tag, ROW('b', 2 * g)::tag]
FROM generate_series(1, 5) g;
CREATE TABLE before_rename AS SELECT pg_catalog.md5(pg_catalog.string_agg(p::pg_catalog.text, ',' ORDER BY id)) AS sum,
  pg_catalog.pg_relation_filenode('priced') AS filenode FROM priced p;
