"""`reconcile import`: a live database, or migration files run on a scratch database, -> a spec set."""
