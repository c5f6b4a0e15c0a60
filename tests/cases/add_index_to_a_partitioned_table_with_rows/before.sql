-- measurements: range-partitioned by day, a sub-partitioned (list) partition, rows in every leaf
CREATE TABLE measurements (id bigint NOT NULL, taken_on date NOT NULL, sensor text NOT NULL, value numeric)
  PARTITION BY RANGE (taken_on);
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')
  PARTITION BY LIST (sensor);
CREATE TABLE measurements_2026_a PARTITION OF measurements_2026 FOR VALUES IN ('a');
CREATE TABLE measurements_2026_rest PARTITION OF measurements_2026 DEFAULT;
INSERT INTO measurements
  SELECT g, DATE '2025-06-01' + (g % 400), CASE WHEN g % 3 = 0 THEN 'a' ELSE 'b' END, g * 0.5
  FROM generate_series(1, 1000) g;
