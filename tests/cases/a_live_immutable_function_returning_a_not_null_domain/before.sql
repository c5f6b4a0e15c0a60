CREATE DOMAIN positive_int AS integer NOT NULL CHECK (VALUE > 0);
CREATE DOMAIN small_positive AS positive_int CHECK (VALUE < 100);
CREATE FUNCTION bucket_of(x integer) RETURNS positive_int LANGUAGE sql IMMUTABLE AS 'SELECT (abs(x) % 10 + 1)::public.positive_int';
CREATE FUNCTION small_of(x integer) RETURNS small_positive LANGUAGE sql IMMUTABLE AS 'SELECT (abs(x) % 99 + 1)::public.small_positive';
