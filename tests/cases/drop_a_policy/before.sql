CREATE TABLE docs (id integer PRIMARY KEY, owner_name text NOT NULL);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY keep_me ON docs USING (owner_name = current_user);
CREATE POLICY old_rule ON docs AS RESTRICTIVE FOR DELETE USING (id > 0);
