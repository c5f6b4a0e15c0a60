-- a stored generated column that the spec now declares plain: DROP EXPRESSION keeps its values
CREATE TABLE lines (id integer PRIMARY KEY, price numeric NOT NULL, qty integer NOT NULL,
                    total numeric GENERATED ALWAYS AS (price * qty) STORED);
INSERT INTO lines (id, price, qty) SELECT g, g, 2 FROM generate_series(1, 3) g;
