CREATE TABLE docs (id integer PRIMARY KEY, owner_name text NOT NULL, public boolean NOT NULL DEFAULT false);
ALTER TABLE docs ENABLE ROW LEVEL SECURITY;
CREATE POLICY readers ON docs FOR SELECT USING (owner_name = current_user);
CREATE POLICY writers ON docs FOR UPDATE USING (owner_name = current_user) WITH CHECK (owner_name = current_user);
