-- docs: owner_name says who may see a row
CREATE TABLE docs (id integer PRIMARY KEY, owner_name text NOT NULL, body text);
INSERT INTO docs VALUES (1, 'alice', 'a'), (2, 'bob', 'b');
