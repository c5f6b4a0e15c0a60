-- events has no primary key: there is nothing to key an archive by
CREATE TABLE events (kind text NOT NULL, payload text);
INSERT INTO events SELECT 'k' || g, 'p' || g FROM generate_series(1, 5) g;
