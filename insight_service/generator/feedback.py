"""Feedback items: tweets, Facebook comments, reviews, forum posts, tickets and surveys over the window."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from .authors import email_author, social_author, stranger
from .catalog import (BY_SKU, CATEGORY_PAIN_POINTS, COMMON_PAIN_POINTS, EMERGING_DAYS, EMERGING_PAIN_POINT,
                      EMERGING_SKU, POPULARITY, PRODUCTS, TWITTER_ACCOUNT)
from .context import Context, iso
from .orders import purchase_line
from .texts import MOODS, compose

# (source, channel, party, weight, mood weights in the order of texts.MOODS)
CHANNELS = (
    ("twitter", "social", "third", 22, (28, 34, 14, 14, 10)),
    ("facebook", "social", "third", 13, (30, 32, 16, 12, 10)),
    ("trustpilot", "review", "third", 15, (45, 32, 0, 8, 15)),
    ("webshop", "review", "first", 14, (50, 27, 0, 8, 15)),
    ("forum", "forum", "third", 8, (15, 35, 35, 5, 10)),
    ("zendesk", "ticket", "first", 18, (0, 60, 35, 0, 5)),
    ("survey", "survey", "first", 10, (45, 20, 0, 20, 15)),
)
CHANNEL_WEIGHTS = tuple(spec[3] for spec in CHANNELS)
DUTCH_SHARE = 0.6
RATINGS = {"praise": (4, 5, 5), "complaint": (1, 1, 2), "contrast": (2, 3, 3, 4), "neutral": (3, 4), "question": (3,)}


def emerging_chance(ctx: Context, fraction: float) -> float:
    """How likely an item is about the emerging issue: nil before the last weeks, then rising steeply."""
    onset = 1.0 - EMERGING_DAYS * 86400 / ctx.span
    if fraction < onset:
        return 0.0
    return 0.02 + 0.14 * (fraction - onset) / (1.0 - onset)


def external_id(source: str, index: int, rng: random.Random) -> str:
    """An id in the style of the source; the index keeps it unique."""
    if source == "twitter":
        return str(1_790_000_000_000_000_000 + index * 4096 + rng.randrange(4096))
    if source == "trustpilot":
        return f"{index:08x}{rng.getrandbits(64):016x}"
    return {"facebook": f"1029384756_{index + 100000}", "webshop": f"R{index + 1:07d}", "forum": f"post-{index + 1}",
            "zendesk": str(100000 + index), "survey": f"S{index + 1:07d}"}[source]


URLS = {
    "twitter": "https://twitter.com/{handle}/status/{id}",
    "facebook": "https://www.facebook.com/vonk.nl/posts/{id}",
    "trustpilot": "https://www.trustpilot.com/reviews/{id}",
    "webshop": "https://www.vonk.nl/p/{sku}/reviews#{id}",
    "forum": "https://forum.vonk.nl/t/{id}",
}


def author_and_order(ctx: Context, rng: random.Random, source: str, emerging: bool) -> tuple[dict | None, dict | None]:
    """Who wrote it and, for first-party items about an order, the order line they refer to."""
    order, buyer = None, None
    wants_order = {"webshop": 1.0, "zendesk": 0.6, "survey": 0.5}.get(source, 0.0)
    if ctx.purchases and not emerging and rng.random() < wants_order:
        order, buyer = purchase_line(ctx, rng.randrange(ctx.purchases))
    if source in ("twitter", "facebook"):
        return social_author(ctx, rng, source, 0.35), None
    if source == "trustpilot":
        return social_author(ctx, rng, "trustpilot" if rng.random() < 0.5 else "email", 0.4), None
    if source == "forum":
        draw = rng.random()
        name = None if draw < 0.4 else "anonymous" if draw < 0.45 else stranger(ctx, rng.randrange(100))["forum"]
        return ({"name": name} if name else None), None
    if source == "survey" and order is None and rng.random() < 0.4:
        return None, None  # an anonymous survey answer
    if order is not None and buyer is None:
        return {"email": order["customer_email"]}, order
    return email_author(ctx, rng, buyer, 0.7 if source == "zendesk" else 0.5), order


def feedback_item(ctx: Context, index: int) -> dict:
    """The feedback item at this index."""
    rng = ctx.rng("feedback", index)
    fraction = rng.random()
    posted = ctx.start + timedelta(seconds=int(ctx.span * fraction))
    lang = "nl" if rng.random() < DUTCH_SHARE else "en"
    emerging = rng.random() < emerging_chance(ctx, fraction)
    source, channel, party, _, moods = rng.choices(CHANNELS, CHANNEL_WEIGHTS)[0]
    author, order = author_and_order(ctx, rng, source, emerging)
    product = BY_SKU[order["sku"]] if order and "sku" in order else rng.choices(PRODUCTS, POPULARITY)[0]
    mood = rng.choices(MOODS, moods)[0]
    pain = rng.choice(COMMON_PAIN_POINTS + CATEGORY_PAIN_POINTS[product.category])
    if emerging:
        product, pain = BY_SKU[EMERGING_SKU], EMERGING_PAIN_POINT
        mood = "complaint" if rng.random() < 0.8 else "contrast"
    if order:
        # People write about an order after it arrived, not before it was placed.
        bought = datetime.fromisoformat(order["purchased_at"])
        posted = ctx.clamp(bought + timedelta(days=rng.randint(2, 30), seconds=rng.randrange(86400)))
    text = compose(rng, lang, mood, product, pain)
    if source == "twitter" and rng.random() < 0.5:
        text = f"{TWITTER_ACCOUNT} {text}"
    item_id = external_id(source, index, rng)
    record = {"source": source, "external_id": item_id, "channel": channel, "party": party}
    if author:
        record["author"] = author
    record["text"] = text
    if channel == "review" or (source == "survey" and rng.random() < 0.7):
        record["rating"] = rng.choice(RATINGS[mood])
    if rng.random() < 0.85:
        record["language"] = lang  # most platforms send a language hint, some do not
    record["posted_at"] = iso(posted)
    if source in URLS:
        handle = (author or {}).get("twitter", "i")
        record["url"] = URLS[source].format(handle=handle, id=item_id, sku=product.sku)
    if order or emerging or channel == "review" or rng.random() < 0.3:
        record["sku"] = product.sku
    if order:
        record["order_ref"] = order["order_id"]
    if ctx.include_invalid and rng.random() < 0.005:
        spoil(rng, record)
    return record


def spoil(rng: random.Random, record: dict) -> None:
    """Break one rule on purpose, so the demo's quarantine has something to show."""
    fault = rng.randrange(3)
    if fault == 0:
        record.pop("text")
    elif fault == 1:
        record["posted_at"] = "2025-13-45T25:61:00"
    else:
        record["rating"] = 9
