-- reconcile plan for release spec; live fingerprint d3eeb9373cbd0ddd8a3c8969196cd140a729abbf51fd3ddc455cca17204f5c8a

BEGIN;
-- create index public.measurements_sensor_idx on only public.measurements (INVALID until its partitions attach)
CREATE INDEX "measurements_sensor_idx" ON ONLY "public"."measurements" USING "btree" ("sensor", "taken_on");
COMMIT;

-- build index public.measurements_2025_measurements_sensor_idx concurrently on partition public.measurements_2025
CREATE INDEX CONCURRENTLY "measurements_2025_measurements_sensor_idx" ON "public"."measurements_2025" USING "btree" ("sensor", "taken_on");

BEGIN;
-- attach index public.measurements_2025_measurements_sensor_idx to "public"."measurements_sensor_idx"
ALTER INDEX "public"."measurements_sensor_idx" ATTACH PARTITION "public"."measurements_2025_measurements_sensor_idx";
-- create index public.measurements_2026_measurements_sensor_idx on only public.measurements_2026
CREATE INDEX "measurements_2026_measurements_sensor_idx" ON ONLY "public"."measurements_2026" USING "btree" ("sensor", "taken_on");
-- attach index public.measurements_2026_measurements_sensor_idx to "public"."measurements_sensor_idx"
ALTER INDEX "public"."measurements_sensor_idx" ATTACH PARTITION "public"."measurements_2026_measurements_sensor_idx";
COMMIT;

-- build index public.measurements_2026_a_measurements_sensor_idx concurrently on partition public.measurements_2026_a
CREATE INDEX CONCURRENTLY "measurements_2026_a_measurements_sensor_idx" ON "public"."measurements_2026_a" USING "btree" ("sensor", "taken_on");

BEGIN;
-- attach index public.measurements_2026_a_measurements_sensor_idx to "public"."measurements_2026_measurements_sensor_idx"
ALTER INDEX "public"."measurements_2026_measurements_sensor_idx" ATTACH PARTITION "public"."measurements_2026_a_measurements_sensor_idx";
COMMIT;

-- build index public.measurements_2026_rest_measurements_sensor_idx concurrently on partition public.measurements_2026_rest
CREATE INDEX CONCURRENTLY "measurements_2026_rest_measurements_sensor_idx" ON "public"."measurements_2026_rest" USING "btree" ("sensor", "taken_on");

BEGIN;
-- attach index public.measurements_2026_rest_measurements_sensor_idx to "public"."measurements_2026_measurements_sensor_idx"
ALTER INDEX "public"."measurements_2026_measurements_sensor_idx" ATTACH PARTITION "public"."measurements_2026_rest_measurements_sensor_idx";
COMMIT;
