-- reconcile plan for release spec; live fingerprint 0f3a457dd772395f2d6457d9d5fb0e1d176c4792e822c14939a71ae852575857

BEGIN;
-- drop extension seg
DROP EXTENSION "seg";
COMMIT;
