"""Connector schedules: `every 15m`, `every 2h`, `daily 03:00` (UTC) or `manual`, and when a run is due."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

_EVERY = re.compile(r"^every\s+(\d+)\s*([smhd])$")
_DAILY = re.compile(r"^daily\s+([01]?\d|2[0-3]):([0-5]\d)$")
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_INTERVAL = 60  # a shorter interval would hammer the vendor's rate limits


class ScheduleError(ValueError):
    """A schedule string that is not one of the documented forms."""


@dataclass(frozen=True)
class Schedule:
    """When a connector runs: every `interval`, daily `at` a UTC time, or only on demand."""

    text: str
    interval: timedelta | None = None
    at: time | None = None

    @classmethod
    def parse(cls, text: str) -> Schedule:
        """Parse `every <n><s|m|h|d>`, `daily HH:MM` (UTC) or `manual`."""
        if not isinstance(text, str):
            raise ScheduleError("must be a string such as 'every 15m', 'daily 03:00' or 'manual'")
        normal = " ".join(text.strip().lower().split())
        if normal == "manual":
            return cls(normal)
        every = _EVERY.match(normal)
        if every:
            seconds = int(every.group(1)) * UNITS[every.group(2)]
            if seconds < MIN_INTERVAL:
                raise ScheduleError(f"interval must be at least {MIN_INTERVAL} seconds")
            return cls(normal, interval=timedelta(seconds=seconds))
        daily = _DAILY.match(normal)
        if daily:
            return cls(normal, at=time(int(daily.group(1)), int(daily.group(2)), tzinfo=timezone.utc))
        raise ScheduleError(f"{text!r} is not 'every <n>m|h|d', 'daily HH:MM' (UTC) or 'manual'")

    def next_run(self, last_run_at: datetime | None, now: datetime) -> datetime | None:
        """When the next run is due (now or earlier when overdue); None for manual schedules."""
        if self.interval is not None:
            return now if last_run_at is None else last_run_at + self.interval
        if self.at is not None:
            # The latest daily slot at or before now; a connector that has not run since then is due.
            slot = datetime.combine(now.date(), self.at)
            if slot > now:
                slot -= timedelta(days=1)
            if last_run_at is None or last_run_at < slot:
                return slot
            return slot + timedelta(days=1)
        return None

    def is_due(self, last_run_at: datetime | None, now: datetime) -> bool:
        """Whether a connector that last started at `last_run_at` should run now."""
        due = self.next_run(last_run_at, now)
        return due is not None and due <= now
