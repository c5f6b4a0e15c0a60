"""Fleet mode: one command across many databases named in a targets file (targets, runner, recap)."""
