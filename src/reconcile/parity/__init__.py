"""OpenAI usage CSV exports vs the usage_events table: set-based parity in PostgreSQL, and backfill."""

from .run import ParityOutcome, ParityRequest, collect_files, run_parity
from .window import Window

__all__ = ["ParityOutcome", "ParityRequest", "Window", "collect_files", "run_parity"]
