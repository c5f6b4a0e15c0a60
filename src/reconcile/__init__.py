"""reconcile: keep PostgreSQL tables in the state a spec declares."""

__version__ = "0.1.0"
