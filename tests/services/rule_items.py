"""make_item builds the light item dicts the journey, risk and action rules read."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

NOW = datetime(2026, 6, 1, 12, tzinfo=timezone.utc)


def make_item(id, days_ago, label="neutral", score=None, channel="review", party="first", journey=(), rating=None,
              handled=False, question=False, sku="CM-100") -> dict:
    """One item as customer_reads.light_items returns it, posted `days_ago` before NOW."""
    score = score if score is not None else {"positive": 0.6, "neutral": 0.0, "negative": -0.6}[label]
    return {"id": id, "channel": channel, "source": "webshop", "party": party,
            "posted_at": NOW - timedelta(days=days_ago), "sentiment_label": label, "sentiment_score": score,
            "rating": rating, "journey": list(journey), "emotions": [], "handled_at": NOW if handled else None,
            "deidentified": False, "is_question": question, "customer_id": 1, "sku": sku}
