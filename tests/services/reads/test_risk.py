"""Churn-risk levels and reasons on hand-built items."""
from decimal import Decimal

from insight_service.services.reads.risk import assess, sentiment_change
from tests.services.rule_items import NOW, make_item

FALLING = [make_item(1, 200, "positive", score=0.7), make_item(2, 30, "neutral", score=0.1, handled=True)]


def test_falling_sentiment_is_measured_over_90_days():
    change = sentiment_change(FALLING, NOW)
    assert change["previous_average"] == 0.7 and change["recent_average"] == 0.1 and change["direction"] == "falling"


def test_low_without_signals_even_at_high_value():
    risk = assess([make_item(1, 10, "positive")], Decimal("900"), NOW)
    assert risk["level"] == "low" and [r["code"] for r in risk["reasons"]] == ["high_value"]


def test_one_signal_is_medium_and_high_with_value():
    assert assess(FALLING, Decimal("100"), NOW)["level"] == "medium"
    risk = assess(FALLING, Decimal("500"), NOW)
    assert risk["level"] == "high" and [r["code"] for r in risk["reasons"]] == ["falling_sentiment", "high_value"]


def test_unanswered_recent_complaint_names_the_item():
    risk = assess([make_item(7, 12, "negative")], Decimal("0"), NOW)
    assert risk["level"] == "medium" and risk["reasons"][0] == {
        "code": "unanswered_complaint", "feedback_id": 7, "detail": "complaint #7 unanswered for 12 days"}
    assert assess([make_item(7, 12, "negative", handled=True)], Decimal("0"), NOW)["level"] == "low"
    assert assess([make_item(7, 45, "negative")], Decimal("0"), NOW)["level"] == "low"  # one old complaint: a lapse


def test_two_signals_are_high():
    assert assess(FALLING + [make_item(3, 3, "negative", score=-0.2)], Decimal("0"), NOW)["level"] == "high"


def test_angry_now_and_ignored_for_months_is_not_low_whatever_the_long_average():
    """13 negative of 21 items, three complaints open 240-344 days: the issue's demo customer 1."""
    positive = [make_item(i, 20 + 30 * i, "positive", score=0.9) for i in range(1, 5)]
    neutral = [make_item(10 + i, 25 + 30 * i, "neutral") for i in range(1, 5)]
    answered = [make_item(20 + i, 40 + 20 * i, "negative", score=-0.2, handled=True) for i in range(1, 11)]
    open_old = [make_item(31, 240, "negative"), make_item(32, 300, "negative"), make_item(33, 344, "negative")]
    items = positive + neutral + answered + open_old
    assert sum(i["sentiment_label"] == "negative" for i in items) == 13 and len(items) == 21
    risk = assess(items, Decimal("0"), NOW)
    codes = [r["code"] for r in risk["reasons"]]
    assert risk["level"] == "high" and codes == ["mostly_negative", "open_complaints"], risk
    assert risk["reasons"][1]["detail"] == "3 complaints open for 240-344 days"
    assert risk["reasons"][0]["detail"] == "13 of 21 items negative in the last 12 months"


def test_recent_negative_items_count_even_when_handled():
    items = [make_item(1, 10, "negative", handled=True), make_item(2, 20, "negative", handled=True),
             make_item(3, 30, "positive")]
    risk = assess(items, Decimal("0"), NOW)
    assert risk["level"] == "medium" and risk["reasons"][0]["detail"] == "2 of 3 items negative in the last 90 days"


def test_the_newest_unanswered_complaint_is_named_and_many_old_open_ones_weigh_double():
    items = [make_item(5, 25, "negative", score=-0.2), make_item(6, 3, "negative", score=-0.2)]
    assert assess(items, Decimal("0"), NOW)["reasons"][1]["feedback_id"] == 6
    old = [make_item(i, 40 + i, "neutral", score=-0.1) for i in range(10, 20)]
    old += [make_item(i, 100 + i, "negative", score=-0.2) for i in range(1, 5)]
    risk = assess(old, Decimal("0"), NOW)
    assert [r["code"] for r in risk["reasons"]] == ["open_complaints"] and risk["score"] == 2
    assert risk["level"] == "high"
