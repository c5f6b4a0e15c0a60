-- The other legacy usage_admin_bucket_idx found in the wild (the runbook's rollback text):
-- same name, keys (key_id, model, "timestamp"). Run after 0002 to get that variant.
DROP INDEX usage_admin_bucket_idx;
CREATE UNIQUE INDEX usage_admin_bucket_idx ON usage_events (key_id, model, "timestamp");
