CREATE FUNCTION old_greet(who text) RETURNS text LANGUAGE sql AS $$SELECT 'hi ' || who$$;
CREATE FUNCTION "Old Double"(x integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN x * 2;
CREATE PROCEDURE old_touch(n integer) LANGUAGE sql AS $$SELECT n$$;
