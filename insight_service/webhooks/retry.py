"""What an attempt's outcome means: delivered, try again later (exponential back-off with jitter), or dead."""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime

BASE_SECONDS = 10.0
FACTOR = 3.0
CAP_SECONDS = 6 * 3600.0
JITTER = 0.2  # each wait is the nominal one x uniform(0.8, 1.2), so retries of many endpoints spread out
MAX_ATTEMPTS = 13  # 10 s, 30 s, 90 s ... capped at 6 h: at least 26 h of retries even with the shortest jitter
MAX_RETRY_AFTER = 24 * 3600.0
RETRYABLE_4XX = frozenset({408, 409, 429})


@dataclass(frozen=True)
class Outcome:
    """What one HTTP attempt ended with (no response: code None and an error kind)."""

    code: int | None
    error: str | None = None  # a safe text: timeout, connection error, refused address...
    retry_after: str | None = None
    permanent: bool = False  # a refusal that will not change by waiting (an address we may not reach)


@dataclass(frozen=True)
class Decision:
    """delivered, retry (after `delay` seconds) or dead, with the reason shown to operators."""

    status: str
    delay: float | None = None
    reason: str | None = None


def nominal_delay(attempt: int) -> float:
    """The wait after the n-th failed attempt before jitter: BASE x FACTOR^(n-1), capped."""
    return min(CAP_SECONDS, BASE_SECONDS * FACTOR ** (attempt - 1))


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), capped at a day; None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return min(max(0.0, (when - now).total_seconds()), MAX_RETRY_AFTER)


def describe(outcome: Outcome) -> str:
    """The attempt's error as operators see it."""
    if outcome.code is None:
        return outcome.error or "no response"
    return f"HTTP {outcome.code}" + (f": {outcome.error}" if outcome.error else "")


def decide(outcome: Outcome, attempt: int, now: datetime, max_attempts: int = MAX_ATTEMPTS,
           rng: random.Random | None = None) -> Decision:
    """Decide after the `attempt`-th attempt: 2xx delivered; 3xx and 4xx but 408/409/429 dead at once; else retry."""
    code = outcome.code
    if code is not None and 200 <= code < 300:
        return Decision("delivered")
    if outcome.permanent:
        return Decision("dead", reason=describe(outcome))
    if code is not None and 300 <= code < 400:
        return Decision("dead", reason=f"HTTP {code}: redirects are not followed")
    if code is not None and 400 <= code < 500 and code not in RETRYABLE_4XX:
        return Decision("dead", reason=f"HTTP {code}: not retried")
    if attempt >= max_attempts:
        return Decision("dead", reason=f"{describe(outcome)} (attempt {attempt} of {max_attempts}, the last)")
    delay = nominal_delay(attempt) * (rng or random).uniform(1 - JITTER, 1 + JITTER)
    asked = retry_after_seconds(outcome.retry_after, now)
    if asked is not None:
        delay = max(delay, asked)  # never sooner than the receiver asked
    return Decision("retry", delay=delay, reason=describe(outcome))


def shortest_total(max_attempts: int = MAX_ATTEMPTS) -> float:
    """The least time from the first to the last attempt (every jitter at its lowest)."""
    return sum(nominal_delay(n) * (1 - JITTER) for n in range(1, max_attempts))
