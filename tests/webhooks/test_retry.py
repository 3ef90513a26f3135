"""Retry decisions: what each outcome means, the back-off with jitter, Retry-After, and at least 24 h of retries."""
from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from insight_service.webhooks.retry import (JITTER, MAX_ATTEMPTS, Outcome, decide, nominal_delay, shortest_total)

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("code", [200, 201, 202, 204, 299])
def test_2xx_is_delivered(code):
    assert decide(Outcome(code), 1, NOW).status == "delivered"


@pytest.mark.parametrize("outcome", [Outcome(500), Outcome(502), Outcome(503), Outcome(504), Outcome(429),
                                     Outcome(408), Outcome(409), Outcome(None, "timeout"),
                                     Outcome(None, "connection error")])
def test_timeouts_5xx_and_408_409_429_are_retried(outcome):
    decision = decide(outcome, 1, NOW, rng=random.Random(1))
    assert decision.status == "retry" and decision.delay > 0


@pytest.mark.parametrize("code", [400, 401, 403, 404, 410, 413, 422])
def test_other_4xx_fail_at_once(code):
    decision = decide(Outcome(code), 1, NOW)
    assert decision.status == "dead" and decision.reason == f"HTTP {code}: not retried"


def test_redirects_are_not_followed_and_not_retried():
    assert decide(Outcome(302), 1, NOW).reason == "HTTP 302: redirects are not followed"


def test_a_refused_address_is_dead_at_once():
    decision = decide(Outcome(None, "refused: not public", permanent=True), 1, NOW)
    assert decision.status == "dead" and "refused" in decision.reason


def test_the_last_attempt_is_dead():
    assert decide(Outcome(503), MAX_ATTEMPTS - 1, NOW).status == "retry"
    decision = decide(Outcome(503), MAX_ATTEMPTS, NOW)
    assert decision.status == "dead" and "the last" in decision.reason


def test_backoff_grows_exponentially_within_its_jitter():
    rng = random.Random(7)
    for attempt in range(1, MAX_ATTEMPTS):
        delay = decide(Outcome(500), attempt, NOW, rng=rng).delay
        nominal = nominal_delay(attempt)
        assert nominal * (1 - JITTER) <= delay <= nominal * (1 + JITTER)
    assert nominal_delay(2) == 3 * nominal_delay(1)


def test_jitter_spreads_the_same_attempt():
    rng = random.Random(3)
    assert len({decide(Outcome(500), 3, NOW, rng=rng).delay for _ in range(20)}) == 20


def test_retries_last_at_least_a_day_even_with_the_shortest_jitter():
    assert shortest_total() >= 24 * 3600


def test_retry_after_seconds_is_honoured():
    decision = decide(Outcome(429, retry_after="3600"), 1, NOW, rng=random.Random(1))
    assert decision.delay == 3600


def test_retry_after_as_an_http_date_is_honoured():
    when = format_datetime(NOW + timedelta(minutes=30), usegmt=True)
    assert decide(Outcome(503, retry_after=when), 1, NOW, rng=random.Random(1)).delay == 1800


def test_a_shorter_retry_after_does_not_shorten_the_backoff():
    decision = decide(Outcome(503, retry_after="1"), 5, NOW, rng=random.Random(1))
    assert decision.delay >= nominal_delay(5) * (1 - JITTER)


def test_an_unreadable_or_huge_retry_after_is_bounded():
    assert decide(Outcome(429, retry_after="soon"), 1, NOW, rng=random.Random(1)).delay < 60
    assert decide(Outcome(429, retry_after="99999999"), 1, NOW, rng=random.Random(1)).delay == 24 * 3600
