SELECT add_one(41::bigint), greet('you'), pg_typeof(add_one(1::bigint));
SELECT count(*) FROM pg_proc WHERE proname = 'old_greet';
