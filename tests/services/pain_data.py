"""A product with known pain-point figures: 10 buyers, 5 distinct authors of 'defect' (3 of them buyers)."""
from __future__ import annotations

from tests.records import make_customer, make_feedback, make_purchase
from tests.services.insight_data import ago

BROKEN = "Na een week kapot, bel me op 06-12345678 of mail jan@mailbox.nl (bestelling ORD-12345)"


def load_pain_points(ingest_into, authors_kt: int = 4) -> None:
    """CM-100: 10 buyers, 5 defect authors (C1-C3 buyers, two strangers) and one happy review; KT-200: few authors."""
    ingest_into("customer", [make_customer(f"C{i}") for i in range(1, 11)])
    ingest_into("purchase", [make_purchase(f"L{i}", f"C{i}", purchased_at=ago(100)) for i in range(1, 11)])
    records = [make_feedback(f"d{i}", author={"email": f"klant.c{i}@mailbox.nl"}, text=BROKEN, rating=1,
                             posted_at=ago(20 + i)) for i in range(1, 4)]
    records += [make_feedback(f"s{i}", author={"email": f"vreemde{i}@mailbox.nl"}, text="Na een week kapot.",
                              rating=2, posted_at=ago(10 + i)) for i in range(1, 3)]
    records += [make_feedback("happy", author={"email": "fan@mailbox.nl"}, rating=5, posted_at=ago(5))]
    records += [make_feedback(f"k{i}", author={"email": f"kt{i}@mailbox.nl"}, text="Ketel kapot.", sku="KT-200",
                              rating=1, posted_at=ago(15)) for i in range(authors_kt)]
    ingest_into("feedback", records)
