-- tags: no primary key yet
CREATE TABLE tags (name text NOT NULL, label text);
INSERT INTO tags SELECT 'tag' || g, 'Tag ' || g FROM generate_series(1, 5) g;
