-- reconcile plan for release spec; live fingerprint 22cc4d5abbfac25ba41a551b7bac9d5b5659fbb92bd476791fd9664d4b361ef0

BEGIN;
-- attach index public.measurements_2025_measurements_sensor_idx to "public"."measurements_sensor_idx"
ALTER INDEX "public"."measurements_sensor_idx" ATTACH PARTITION "public"."measurements_2025_measurements_sensor_idx";
COMMIT;

-- drop leftover INVALID index public.measurements_2027_measurements_sensor_idx concurrently
DROP INDEX CONCURRENTLY IF EXISTS "public"."measurements_2027_measurements_sensor_idx";

-- build index public.measurements_2027_measurements_sensor_idx concurrently on partition public.measurements_2027
CREATE INDEX CONCURRENTLY "measurements_2027_measurements_sensor_idx" ON "public"."measurements_2027" USING "btree" ("sensor", "taken_on");

BEGIN;
-- attach index public.measurements_2027_measurements_sensor_idx to "public"."measurements_sensor_idx"
ALTER INDEX "public"."measurements_sensor_idx" ATTACH PARTITION "public"."measurements_2027_measurements_sensor_idx";
COMMIT;

-- build index public.measurements_2026_rest_measurements_sensor_idx concurrently on partition public.measurements_2026_rest
CREATE INDEX CONCURRENTLY "measurements_2026_rest_measurements_sensor_idx" ON "public"."measurements_2026_rest" USING "btree" ("sensor", "taken_on");

BEGIN;
-- attach index public.measurements_2026_rest_measurements_sensor_idx to "public"."measurements_2026_measurements_sensor_idx"
ALTER INDEX "public"."measurements_2026_measurements_sensor_idx" ATTACH PARTITION "public"."measurements_2026_rest_measurements_sensor_idx";
COMMIT;
