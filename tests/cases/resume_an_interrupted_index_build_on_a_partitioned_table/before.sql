-- measurements: range-partitioned by year, a sub-partitioned (list) partition, rows in every leaf
CREATE TABLE measurements (id bigint NOT NULL, taken_on date NOT NULL, sensor text NOT NULL, value numeric)
  PARTITION BY RANGE (taken_on);
CREATE TABLE measurements_2024 PARTITION OF measurements FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE TABLE measurements_2025 PARTITION OF measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE TABLE measurements_2026 PARTITION OF measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')
  PARTITION BY LIST (sensor);
CREATE TABLE measurements_2026_a PARTITION OF measurements_2026 FOR VALUES IN ('a');
CREATE TABLE measurements_2026_rest PARTITION OF measurements_2026 DEFAULT;
CREATE TABLE measurements_2027 PARTITION OF measurements FOR VALUES FROM ('2027-01-01') TO ('2028-01-01');
INSERT INTO measurements
  SELECT g, DATE '2024-01-01' + (g % 1400), CASE WHEN g % 3 = 0 THEN 'a' ELSE 'b' END, g * 0.5
  FROM generate_series(1, 2000) g;

-- a build of measurements_sensor_idx was interrupted: the parent's index (ON ONLY) is INVALID;
-- 2024's copy is built and attached, 2025's built but not attached yet, 2027's concurrent build
-- was killed (INVALID); 2026 (sub-partitioned) has its ON ONLY copy attached, its 'a' leaf's copy
-- attached, its default leaf's missing
CREATE INDEX measurements_sensor_idx ON ONLY measurements (sensor, taken_on);
CREATE INDEX measurements_2024_measurements_sensor_idx ON measurements_2024 (sensor, taken_on);
ALTER INDEX measurements_sensor_idx ATTACH PARTITION measurements_2024_measurements_sensor_idx;
CREATE INDEX measurements_2025_measurements_sensor_idx ON measurements_2025 (sensor, taken_on);
CREATE INDEX measurements_2026_measurements_sensor_idx ON ONLY measurements_2026 (sensor, taken_on);
ALTER INDEX measurements_sensor_idx ATTACH PARTITION measurements_2026_measurements_sensor_idx;
CREATE INDEX measurements_2026_a_measurements_sensor_idx ON measurements_2026_a (sensor, taken_on);
ALTER INDEX measurements_2026_measurements_sensor_idx ATTACH PARTITION measurements_2026_a_measurements_sensor_idx;
CREATE INDEX measurements_2027_measurements_sensor_idx ON measurements_2027 (sensor, taken_on);
UPDATE pg_index SET indisvalid = false WHERE indexrelid = 'measurements_2027_measurements_sensor_idx'::regclass;
