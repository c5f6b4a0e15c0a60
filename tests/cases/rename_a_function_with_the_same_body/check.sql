SELECT greet('you'), "Double (v2)"(21);
SELECT count(*) FROM pg_proc WHERE proname IN ('old_greet', 'Old Double', 'old_touch');
