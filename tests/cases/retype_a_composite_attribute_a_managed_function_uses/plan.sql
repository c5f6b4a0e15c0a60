-- reconcile plan for release spec; live fingerprint fa56619cdb951505f237aa0b94c656e223f175aa95970bc6878a1813f147b606

BEGIN;
-- composite type public.pair: attribute a type integer -> bigint (dropping and re-creating function public.first_of)
DROP FUNCTION "public"."first_of"(p pair);
ALTER TYPE "public"."pair" ALTER ATTRIBUTE "a" TYPE bigint;
CREATE OR REPLACE FUNCTION public.first_of(p pair)
 RETURNS bigint
 LANGUAGE sql
 IMMUTABLE
BEGIN ATOMIC
 SELECT (p).a AS a;
END;
COMMIT;
