-- The same database as an ORM `push` of the application's model builds it: every foreign key named
-- <table>_<column>_<referenced table>_<referenced column>_fk, cut by PostgreSQL to 63 bytes. Run after
-- 0003: the objects are identical, only the four admin foreign keys' names differ from the spec's.
ALTER TABLE openai_project_members RENAME CONSTRAINT openai_project_members_project_id_fkey
  TO openai_project_members_project_id_openai_projects_id_fk;
ALTER TABLE openai_service_accounts RENAME CONSTRAINT openai_service_accounts_project_id_fkey
  TO openai_service_accounts_project_id_openai_projects_id_fk;
ALTER TABLE openai_service_account_keys RENAME CONSTRAINT openai_service_account_keys_service_account_id_fkey
  TO openai_service_account_keys_service_account_id_openai_service_a;
ALTER TABLE openai_certificate_events RENAME CONSTRAINT openai_certificate_events_certificate_id_fkey
  TO openai_certificate_events_certificate_id_openai_certificates_id;
