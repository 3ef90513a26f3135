"""Churn risk: what the customer says now and what we left unanswered, with high value as the amplifier.

The rule (docs/next-actions.md, "Churn risk") weighs recent negative items and open complaints, never a
long average: a customer who is angry now and whom we ignored for months is at risk whatever they said a
year ago.
"""
from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

HIGH_VALUE = Decimal("500")
RECENT = timedelta(days=90)
EARLIER = timedelta(days=365)
FALL = 0.3
COMPLAINT_WINDOW = timedelta(days=30)
OPEN_WINDOW = timedelta(days=365)
MIN_NEGATIVE_RECENT = 2
MIN_NEGATIVE_YEAR = 3
NEGATIVE_SHARE = 0.5
MIN_OPEN = 2
MANY_OPEN = 4


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
    """Negative items not handled yet, posted within the window, newest first."""
    found = [i for i in items if i["sentiment_label"] == "negative" and i.get("handled_at") is None
             and i["posted_at"] >= now - window]
    return sorted(found, key=lambda i: (i["posted_at"], i["id"]), reverse=True)


def negative_share(items: list[dict], now: datetime, window: timedelta) -> tuple[int, int]:
    """(negative items, all items) posted within the window."""
    inside = [i for i in items if i["posted_at"] >= now - window]
    return sum(1 for i in inside if i["sentiment_label"] == "negative"), len(inside)


def mostly_negative(items: list[dict], now: datetime, window: timedelta, minimum: int) -> bool:
    """At least `minimum` negative items in the window, and at least half of that window's items."""
    negative, total = negative_share(items, now, window)
    return negative >= minimum and negative >= NEGATIVE_SHARE * total


def _signals(items: list[dict], now: datetime) -> list[tuple[dict, int]]:
    """(reason, weight) of every churn signal that holds."""
    found = []
    change = sentiment_change(items, now)
    if change["direction"] == "falling":
        found.append(({"code": "falling_sentiment", "feedback_id": None,
                       "detail": f"average sentiment {change['previous_average']:+.2f} -> "
                                 f"{change['recent_average']:+.2f} over the last 90 days"}, 1))
    if mostly_negative(items, now, RECENT, MIN_NEGATIVE_RECENT):
        negative, total = negative_share(items, now, RECENT)
        found.append(({"code": "recent_negative", "feedback_id": None,
                       "detail": f"{negative} of {total} items negative in the last 90 days"}, 1))
    elif mostly_negative(items, now, EARLIER, MIN_NEGATIVE_YEAR):
        negative, total = negative_share(items, now, EARLIER)
        found.append(({"code": "mostly_negative", "feedback_id": None,
                       "detail": f"{negative} of {total} items negative in the last 12 months"}, 1))
    recent = unanswered_complaints(items, now)
    if recent:
        item = recent[0]
        found.append(({"code": "unanswered_complaint", "feedback_id": item["id"],
                       "detail": f"complaint #{item['id']} unanswered for {(now - item['posted_at']).days} days"}, 1))
    older = [i for i in unanswered_complaints(items, now, OPEN_WINDOW) if i["posted_at"] < now - COMPLAINT_WINDOW]
    if len(older) >= MIN_OPEN:  # one old complaint is a service lapse; several left open are a pattern
        ages = sorted((now - i["posted_at"]).days for i in older)
        found.append(({"code": "open_complaints", "feedback_id": older[0]["id"],
                       "detail": f"{len(older)} complaints open for {ages[0]}-{ages[-1]} days"},
                      2 if len(older) >= MANY_OPEN else 1))
    return found


def assess(items: list[dict], total_value: Decimal, now: datetime) -> dict:
    """low / medium / high with the reasons (each names its figure and, where there is one, the item)."""
    signals = _signals(items, now)
    reasons = [reason for reason, _w in signals]
    score = sum(weight for _r, weight in signals)
    high_value = total_value >= HIGH_VALUE
    if high_value:
        reasons.append({"code": "high_value", "feedback_id": None,
                        "detail": f"total purchases {total_value} (threshold {HIGH_VALUE})"})
    level = "high" if score >= 2 or (score and high_value) else "medium" if score else "low"
    return {"level": level, "high_value": high_value, "reasons": reasons, "score": score}
