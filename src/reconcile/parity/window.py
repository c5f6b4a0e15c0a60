"""Instants as UTC-naive datetimes (usage_events stores UTC in `timestamp`) and the [from, to) window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache


@lru_cache(maxsize=4096)  # exports repeat the same bucket times on many rows
def parse_instant(text: str) -> datetime:
    """ISO 8601 (`2025-09-01`, `2025-09-01T00:00:00Z`, offsets) or epoch seconds -> naive UTC.

    A value without an offset is taken as UTC. Raises ValueError when unparseable.
    """
    value = text.strip()
    if not value:
        raise ValueError("empty time")
    if value.lstrip("-").replace(".", "", 1).isdigit():
        return datetime.fromtimestamp(float(value), UTC).replace(tzinfo=None)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def iso_z(moment: datetime) -> str:
    """The ISO form their tooling writes (JavaScript's toISOString): `2025-09-01T00:00:00.000Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


@dataclass(frozen=True)
class Window:
    """Half-open window [start, end) on the bucket start."""

    start: datetime
    end: datetime

    @classmethod
    def parse(cls, start: str, end: str) -> Window:
        try:
            lower, upper = parse_instant(start), parse_instant(end)
        except (ValueError, OverflowError) as exc:
            raise ValueError(f"--from/--to must be ISO 8601 times: {exc}") from None
        if lower >= upper:
            raise ValueError(f"empty window: --from {start} is not before --to {end}")
        return cls(lower, upper)

    def as_json(self) -> dict[str, str]:
        return {"from": iso_z(self.start), "to": iso_z(self.end)}
