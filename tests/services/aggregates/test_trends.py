"""Weekly series and the emerging-issue rule: a week well above its trailing baseline, with a minimum count."""
from datetime import datetime, timedelta, timezone

from insight_service.services.aggregates.trends import is_emerging, weekly_counts, weekly_trends
from tests.records import make_feedback
from tests.services.pain_reference import reference_weekly_counts
from tests.services.pain_world import at, load_world


def test_the_rule_on_known_counts():
    assert is_emerging(5, [0] * 8)[0]  # quiet baseline: threshold 3, minimum 5 met
    assert not is_emerging(4, [0] * 8)[0]  # below the minimum count
    assert not is_emerging(9, [4] * 8)[0]  # mean 4 + 3 x sqrt(4) = 10
    assert is_emerging(11, [4] * 8) == (True, 4.0, 10.0)
    assert not is_emerging(12, [0, 10, 0, 10, 0, 10, 0, 10])[0]  # a noisy baseline needs more


def test_a_burst_is_flagged_at_its_first_week(session, ingest_into):
    until = datetime(2026, 6, 1, tzinfo=timezone.utc)  # a Monday
    week = lambda n, d=0: (until - timedelta(weeks=n) + timedelta(days=d, hours=1)).isoformat()  # noqa: E731
    records = [make_feedback(f"b{w}", author={"email": f"base{w}@mailbox.nl"}, text="Na een week kapot.",
                             posted_at=week(w)) for w in range(4, 16)]  # one a week: the baseline
    records += [make_feedback(f"x{w}{i}", author={"email": f"burst{w}{i}@mailbox.nl"}, text="Kapot!",
                              posted_at=week(w, i % 5)) for w in (2, 1) for i in range(7)]
    ingest_into("feedback", records)
    trends = weekly_trends(session, weeks=6, until=until, k=5)
    series = next(s for s in trends["series"] if (s["sku"], s["code"]) == ("CM-100", "defect"))
    counts = [p["count"] for p in series["points"]]
    assert counts == [None, None, 0, 7, 7, 0]  # weeks 5 and 4 have one author each: under k, null
    assert [(e["sku"], e["code"], str(e["week"])) for e in trends["emerging"]] == [
        ("CM-100", "defect", str((until - timedelta(weeks=2)).date()))]
    assert "8 weeks" in trends["rule"]


def test_weekly_counts_equal_the_straightforward_join(session, ingest_into):
    load_world(ingest_into)
    windows = [(at(0), at(24 * 7 * 4), at(24 * 7 * 10)), (at(-500), at(100.5), at(1300.25)),
               (at(300), at(300), at(301))]
    for start, first, until in windows:
        start, first, until = (datetime.fromisoformat(t) for t in (start, first, until))
        for sku, code in ((None, None), ("CM-100", None), (None, "defect"), ("KT-200", "price")):
            assert weekly_counts(session, start, first, until, sku, code) == reference_weekly_counts(
                session, start, first, until, sku, code), (start, sku, code)
