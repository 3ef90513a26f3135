"""The generation parameters every record is derived from: sizes, seed, time window, per-record randomness."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

# Fixed rather than "today" so that the same seed gives byte-identical files on any day.
DEFAULT_START = date(2025, 5, 1)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later (clamped to the 28th, which every month has)."""
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, min(day.day, 28))


def iso(moment: datetime) -> str:
    """ISO 8601 with the UTC offset, as the canonical records require."""
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class Context:
    """Sizes, seed and time window of one generated dataset."""

    customers: int
    purchases: int
    feedback: int
    seed: int
    start: datetime
    end: datetime
    include_invalid: bool

    @classmethod
    def build(cls, customers: int, feedback: int, seed: int, purchases: int | None, start, months: int,
              include_invalid: bool) -> Context:
        """Validate the arguments and fill in the defaults."""
        if min(customers, feedback, months) < 0 or (purchases or 0) < 0:
            raise ValueError("counts and months must not be negative")
        first = start or DEFAULT_START
        first = first.date() if isinstance(first, datetime) else first
        begin = datetime(first.year, first.month, first.day, tzinfo=timezone.utc)
        last = add_months(first, max(months, 1))
        end = datetime(last.year, last.month, last.day, tzinfo=timezone.utc)
        count = 4 * customers if purchases is None else purchases
        return cls(customers, count, feedback, seed, begin, end, include_invalid)

    @property
    def span(self) -> float:
        """Seconds in the time window."""
        return (self.end - self.start).total_seconds()

    def rng(self, kind: str, index: int) -> random.Random:
        """A generator of its own for one record, so any record can be derived without the others."""
        # String seeds are hashed with SHA-512, which is stable across runs (unlike hash()).
        return random.Random(f"{self.seed}/{kind}/{index}")

    def moment(self, rng: random.Random, low: float = 0.0, high: float = 1.0) -> datetime:
        """A random second in the given fraction of the window."""
        return self.start + timedelta(seconds=int(self.span * rng.uniform(low, high)))

    def clamp(self, moment: datetime) -> datetime:
        """Keep derived dates (a review after a purchase) inside the window."""
        return min(moment, self.end - timedelta(seconds=1))
