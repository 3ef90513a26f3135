"""Weekly series and the emerging-issue rule: a week well above its trailing baseline, with a minimum count."""
from datetime import datetime, timedelta, timezone

from insight_service.services.trends import is_emerging, weekly_trends
from tests.records import make_feedback


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
