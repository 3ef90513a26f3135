"""Denominators: whole UTC days from the per-day counts, partial days at the window's edges from the items."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from insight_service.models import Feedback
from insight_service.services.aggregates.denominators import _windows, item_counts
from tests.services.pain_world import T0, load_world

D = datetime(2026, 3, 2, tzinfo=timezone.utc)


def test_windows_split_whole_days_from_partial_ones():
    h = timedelta(hours=1)
    assert _windows(None, None) == ((None, None), [])
    assert _windows(D, D + timedelta(days=2)) == (("2026-03-02", "2026-03-04"), [])
    day2 = D + timedelta(days=2)
    assert _windows(D + 10 * h, day2 + 3 * h) == (("2026-03-03", "2026-03-04"),
                                                  [(D + 10 * h, D + timedelta(days=1)), (day2, day2 + 3 * h)])
    assert _windows(D + 10 * h, D + 12 * h) == (None, [(D + 10 * h, D + 12 * h)])  # inside one day
    assert _windows(D + 12 * h, D + 10 * h) == (None, [])
    naive = D.replace(tzinfo=None) + 10 * h  # taken as UTC, as the columns take it
    assert _windows(naive, None) == (("2026-03-03", None), [(D + 10 * h, D + timedelta(days=1))])


def test_item_counts_equal_a_count_of_the_items(session, ingest_into):
    load_world(ingest_into)
    for hours in ((0, 24 * 70), (7.5, 300.25), (30, 31), (-10, 5000), (100.5, 100.5)):
        since, until = (T0 + timedelta(hours=h) for h in hours)
        want = session.scalar(select(func.count()).select_from(Feedback).where(Feedback.posted_at >= since,
                                                                               Feedback.posted_at < until))
        assert item_counts(session, {}, {"since": since, "until": until}).get((), 0) == want, hours
