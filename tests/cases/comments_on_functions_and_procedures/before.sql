CREATE FUNCTION add_tax(amount numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS 'SELECT amount * 1.2';
COMMENT ON FUNCTION add_tax(numeric) IS 'set by hand';
CREATE FUNCTION old_label(x integer) RETURNS text LANGUAGE sql AS 'SELECT x::text';
COMMENT ON FUNCTION old_label(integer) IS 'travels with the rename';
