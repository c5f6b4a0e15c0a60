-- a function of the target, declared IMMUTABLE, that the spec's CHECK and default call
CREATE FUNCTION public.is_code(t text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$SELECT t ~ '^C[0-9]+$'$$;
CREATE FUNCTION public.code_prefix() RETURNS text LANGUAGE sql IMMUTABLE AS $$SELECT 'C'$$;
CREATE TABLE items (id integer PRIMARY KEY, code text);
INSERT INTO items SELECT g, 'C' || g FROM generate_series(1, 5) g;
