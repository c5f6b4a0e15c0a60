CREATE FUNCTION add_one(x integer) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT x + 1';
CREATE FUNCTION old_greet(who text) RETURNS text LANGUAGE sql AS $$SELECT 'hi ' || who$$;
