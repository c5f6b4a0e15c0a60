-- reconcile plan for release spec; live fingerprint 53d8d760d50750a44040c0dc8e7e68f6092e89586801ccf81c1eb91da6c5dd5f

BEGIN;
-- update extension cube to 1.5
ALTER EXTENSION "cube" UPDATE TO '1.5';
-- move extension seg to public
ALTER EXTENSION "seg" SET SCHEMA "public";
COMMIT;
