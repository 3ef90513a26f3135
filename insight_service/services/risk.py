"""Churn risk: falling sentiment, a recent unanswered complaint, and high value as the amplifier."""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

HIGH_VALUE = Decimal("500")
RECENT = timedelta(days=90)
EARLIER = timedelta(days=365)
FALL = 0.3
COMPLAINT_WINDOW = timedelta(days=30)


def _avg(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def sentiment_change(items: list[dict], now: datetime) -> dict:
    """Average score of the last 90 days against the 275 days before, and the difference."""
    recent = [i["sentiment_score"] for i in items if i["posted_at"] >= now - RECENT]
    earlier = [i["sentiment_score"] for i in items if now - EARLIER <= i["posted_at"] < now - RECENT]
    r, e = _avg(recent), _avg(earlier)
    delta = round(r - e, 3) if r is not None and e is not None else None
    return {"recent_average": None if r is None else round(r, 3), "recent_count": len(recent),
            "previous_average": None if e is None else round(e, 3), "previous_count": len(earlier), "delta": delta,
            "direction": None if delta is None else "falling" if delta <= -FALL else "rising" if delta >= FALL
            else "stable"}


def unanswered_complaints(items: list[dict], now: datetime, window: timedelta = COMPLAINT_WINDOW) -> list[dict]:
    """Negative items not handled yet, posted within the window, oldest first."""
    found = [i for i in items if i["sentiment_label"] == "negative" and i.get("handled_at") is None
             and i["posted_at"] >= now - window]
    return sorted(found, key=lambda i: i["posted_at"])


def assess(items: list[dict], total_value: Decimal, now: datetime) -> dict:
    """low / medium / high with the reasons (each names its figure and, where there is one, the item)."""
    reasons = []
    change = sentiment_change(items, now)
    if change["direction"] == "falling":
        reasons.append({"code": "falling_sentiment", "feedback_id": None,
                        "detail": f"average sentiment {change['previous_average']:+.2f} -> "
                                  f"{change['recent_average']:+.2f} over the last 90 days"})
    for item in unanswered_complaints(items, now)[:1]:
        days = (now - item["posted_at"]).days
        reasons.append({"code": "unanswered_complaint", "feedback_id": item["id"],
                        "detail": f"complaint #{item['id']} unanswered for {days} days"})
    signals = len(reasons)
    high_value = total_value >= HIGH_VALUE
    if high_value:
        reasons.append({"code": "high_value", "feedback_id": None,
                        "detail": f"total purchases {total_value} (threshold {HIGH_VALUE})"})
    level = "high" if signals >= 2 or (signals and high_value) else "medium" if signals else "low"
    return {"level": level, "high_value": high_value, "reasons": reasons}
