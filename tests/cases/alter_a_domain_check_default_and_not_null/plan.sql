-- reconcile plan for release spec; live fingerprint 268c66798ab297736dbb3d65816442c0874563509d5b41db130d362250f4ca97

BEGIN;
-- domain public.code: drop not null
ALTER DOMAIN "public"."code" DROP NOT NULL;
-- domain public.code: add check code_short (not valid)
ALTER DOMAIN "public"."code" ADD CONSTRAINT "code_short" CHECK ((length(VALUE) <= 8)
) NOT VALID;
COMMIT;

BEGIN;
-- domain public.code: validate check code_short (every column of the domain)
ALTER DOMAIN "public"."code" VALIDATE CONSTRAINT "code_short";
COMMIT;

BEGIN;
-- domain public.quantity: default 10
ALTER DOMAIN "public"."quantity" SET DEFAULT (10
);
-- domain public.quantity: set not null (checks every column of the domain)
ALTER DOMAIN "public"."quantity" SET NOT NULL;
-- domain public.quantity: drop check quantity_positive
ALTER DOMAIN "public"."quantity" DROP CONSTRAINT "quantity_positive";
-- domain public.quantity: add check quantity_bounded (not valid)
ALTER DOMAIN "public"."quantity" ADD CONSTRAINT "quantity_bounded" CHECK ((VALUE < 1000)
) NOT VALID;
COMMIT;

BEGIN;
-- domain public.quantity: validate check quantity_bounded (every column of the domain)
ALTER DOMAIN "public"."quantity" VALIDATE CONSTRAINT "quantity_bounded";
COMMIT;

BEGIN;
-- domain public.quantity: add check quantity_positive (not valid)
ALTER DOMAIN "public"."quantity" ADD CONSTRAINT "quantity_positive" CHECK ((VALUE >= 0)
) NOT VALID;
COMMIT;

BEGIN;
-- domain public.quantity: validate check quantity_positive (every column of the domain)
ALTER DOMAIN "public"."quantity" VALIDATE CONSTRAINT "quantity_positive";
COMMIT;
