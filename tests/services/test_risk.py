"""Churn-risk levels and reasons on hand-built items."""
from decimal import Decimal

from insight_service.services.risk import assess, sentiment_change
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
    assert assess([make_item(7, 45, "negative")], Decimal("0"), NOW)["level"] == "low"  # not recent


def test_two_signals_are_high():
    assert assess(FALLING + [make_item(3, 3, "negative", score=-0.2)], Decimal("0"), NOW)["level"] == "high"
