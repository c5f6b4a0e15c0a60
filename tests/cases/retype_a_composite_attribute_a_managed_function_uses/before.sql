CREATE TYPE pair AS (a integer, b text);
CREATE FUNCTION first_of(p pair) RETURNS integer LANGUAGE sql IMMUTABLE BEGIN ATOMIC SELECT (p).a; END;
