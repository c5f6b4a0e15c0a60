-- lines: a stored total computed without the discount
CREATE TABLE lines (id integer PRIMARY KEY, price numeric(10,2) NOT NULL, qty integer NOT NULL,
                    discount numeric(10,2) NOT NULL DEFAULT 0,
                    total numeric(12,2) GENERATED ALWAYS AS (price * qty) STORED);
INSERT INTO lines (id, price, qty, discount) SELECT g, g * 2, g, 1 FROM generate_series(1, 4) g;
