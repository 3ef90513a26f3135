"""Hand-built customers for the insight tests, dated relative to now so the rules' windows hold."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from insight_service.models import Customer, Feedback
from tests.records import granted, make_customer, make_feedback, make_purchase

ANNA = dict(email="anna.devries@mailbox.nl", handles={"twitter": "AnnaDV"}, name="Anna de Vries")
TICKET = "Mijn koffiemachine lekt en is kapot, wat nu?"
TWEET = "@vonk mijn machine is kapot, slechte service"
REVIEW = "Heel blij met de machine, echt een aanrader!"


def ago(days: float) -> str:
    """An ISO timestamp this many days before now."""
    return (datetime.now(timezone.utc) - timedelta(days=days)).isoformat()


def anna(ingest_into, session, consents=None, amount="600.00") -> int:
    """Anna: one 600 EUR purchase, a glowing review, an open ticket and a linked negative tweet; her id."""
    consents = consents if consents is not None else [granted(), granted("marketing")]
    ingest_into("customer", [make_customer("C1", consents=consents, **ANNA)])
    ingest_into("purchase", [make_purchase("L1", "C1", order_id="O-1", amount=amount, purchased_at=ago(40))])
    ingest_into("feedback", [
        make_feedback("r1", author={"email": ANNA["email"]}, text=REVIEW, rating=5, posted_at=ago(30)),
        make_feedback("z1", source="zendesk", channel="ticket", author={"email": ANNA["email"]}, text=TICKET,
                      rating=None, posted_at=ago(10)),
        make_feedback("t1", source="twitter", channel="social", party="third", author={"twitter": "AnnaDV"},
                      rating=None, text=TWEET, posted_at=ago(5), sku=None),
    ])
    return session.scalars(select(Customer.id).where(Customer.external_id == "C1")).one()


def item_id(session, external_id: str) -> int:
    """The stored id of a feedback item by its source id."""
    return session.scalars(select(Feedback.id).where(Feedback.external_id == external_id)).one()
