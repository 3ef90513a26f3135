"""A hand-built world for the aggregates: products with and without a category, buyers and strangers, public
posts, anonymous items, items with two codes and none, three languages, days, weeks and months, and edge instants."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.records import granted, make_customer, make_feedback, make_purchase

T0 = datetime(2026, 1, 5, tzinfo=timezone.utc)  # a Monday
TEXTS = [
    "Na een week kapot en de accu is leeg, bel 06-12345678",
    "De levering was te laat en de machine is kapot",
    "It broke after two weeks and the battery dies fast, mail me at jan@mailbox.nl",
    "Delivery was late, parcel took 9 days",
    "Te duur voor wat het is",
    "The app keeps crashing, see https://example.com/bug",
    "Heel blij, aanrader",
    "kapot",
]
SKUS = ["CM-100", "KT-200", "ZZ-9", None]


def at(hours: float) -> str:
    """An ISO instant this many hours after T0."""
    return (T0 + timedelta(hours=hours)).isoformat()


def world_feedback(n: int = 60) -> list[dict]:
    """n items over ten weeks by twelve customers, strangers, public handles and nobody, spread over products."""
    records = []
    for i in range(n):
        kind = i % 5
        if kind in (0, 1):
            author = {"email": f"klant.c{i % 12}@mailbox.nl"}
        elif kind == 2:
            author = {"email": f"vreemde{i % 7}@mailbox.nl"}
        elif kind == 3:
            author = {"twitter": f"handle{i % 6}"}
        else:
            author = {}
        third = kind == 3
        records.append(make_feedback(
            f"w{i}", author=author, text=TEXTS[i * 7 % len(TEXTS)], sku=SKUS[i * 3 % len(SKUS)],
            source="twitter" if third else ("zendesk" if i % 4 == 1 else "webshop"),
            channel="social" if third else ("ticket" if i % 4 == 1 else "review"), party="third" if third else "first",
            rating=None if third or i % 4 == 1 else 1 + i % 5, posted_at=at(i * 29 + (i % 3) * 0.25)))
    return records


def load_world(ingest_into, n: int = 60) -> None:
    """Customers C0-C11 (every third grants social_profiling), purchases of two products, then the feedback."""
    ingest_into("customer", [make_customer(f"C{i}", handles={"twitter": f"handle{i % 6}"} if i < 6 else {},
                                           consents=[granted()] if i % 3 == 0 else []) for i in range(12)])
    purchases = [make_purchase(f"L{i}", f"C{i}", purchased_at=at(-100 + i)) for i in range(0, 12, 2)]
    purchases += [make_purchase(f"K{i}", f"C{i}", sku="KT-200", product_name="Ketel", category="kitchen",
                                purchased_at=at(200 + i * 100)) for i in range(1, 12, 3)]
    purchases += [make_purchase("X1", "C99", purchased_at=at(10))]  # a buyer the CRM has not sent yet
    ingest_into("purchase", purchases)
    ingest_into("feedback", world_feedback(n))
