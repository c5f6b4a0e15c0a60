-- a live table with a stored generated column: reading it as a plain column with a default planned it for DROP
CREATE TABLE people (id integer PRIMARY KEY, first text NOT NULL, last text NOT NULL,
                     full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED);
INSERT INTO people (id, first, last) VALUES (1, 'Ada', 'Lovelace'), (2, 'Alan', 'Turing');
