"""Judgement in the insight and the sales view: no offer to an angry customer, no one both at risk and upsold."""
from insight_service.services.departments.insight import customer_insight
from insight_service.services.departments.sales import sales_signals
from tests.records import make_customer, make_feedback, make_purchase
from tests.services.insight_data import ago

REFUND = "De koffiemachine is na een week kapot, erg teleurgesteld. Ik wil mijn geld terug."
HAPPY = "Heel blij met de machine, echt een aanrader! Dank jullie wel."
OFFERS = {"upsell", "cross_sell"}


def shop(ingest_into, *customers) -> None:
    """Three buyers of CM-100 who also bought GR-10, and the given customers who bought CM-100 (600 EUR)."""
    records = [make_customer(f"B{i}") for i in range(1, 4)] + [make_customer(c) for c in customers]
    ingest_into("customer", records)
    lines = []
    for i in range(1, 4):
        lines += [make_purchase(f"B{i}-1", f"B{i}", purchased_at=ago(100)),
                  make_purchase(f"B{i}-2", f"B{i}", sku="GR-10", product_name="Grinder", category="grinders",
                                purchased_at=ago(90))]
    lines += [make_purchase(f"{c}-1", c, amount="600.00", purchased_at=ago(60)) for c in customers]
    ingest_into("purchase", lines)


def ticket(external_id: str, customer: str, text: str, days: float) -> dict:
    """A first-party ticket of a customer, by e-mail."""
    return make_feedback(external_id, source="zendesk", channel="ticket", rating=None, text=text, posted_at=ago(days),
                         author={"email": f"klant.{customer.lower()}@mailbox.nl"})


def customer_id(session, external_id: str) -> int:
    """Our id of a CRM customer."""
    from sqlalchemy import select

    from insight_service.models import Customer

    return session.scalars(select(Customer.id).where(Customer.external_id == external_id)).one()


def test_an_unanswered_refund_request_gets_an_answer_and_no_offer(session, ingest_into):
    shop(ingest_into, "R1", "H1")
    ingest_into("feedback", [ticket("z-r1", "R1", REFUND, 3), ticket("z-h1", "H1", HAPPY, 3)])
    happy = customer_insight(session, customer_id(session, "H1"), "crm")
    assert {a["kind"] for a in happy["actions"]} & OFFERS  # the co-purchase signal is there
    angry = customer_insight(session, customer_id(session, "R1"), "crm")
    kinds = [a["kind"] for a in angry["actions"]]
    assert "answer" in kinds and not set(kinds) & OFFERS, angry["actions"]
    offer = next(s for s in angry["suppressed_actions"] if s["rule"] == "sales.offer")
    assert "open_complaint" in offer["because"]
    assert angry["risk"]["level"] != "low"


def test_no_customer_is_both_at_risk_and_an_upsell_candidate(session, ingest_into):
    shop(ingest_into, "R1", "H1")
    ingest_into("feedback", [ticket("z-r1a", "R1", HAPPY, 20), ticket("z-r1b", "R1", REFUND, 2),
                             ticket("z-h1", "H1", HAPPY, 3)])
    signals = sales_signals(session, limit=50)
    at_risk = {r["customer_id"] for r in signals["at_risk"]}
    upsell = {u["customer_id"] for u in signals["upsell"]}
    assert customer_id(session, "R1") in at_risk and customer_id(session, "H1") in upsell
    assert not at_risk & upsell and signals["upsell_suppressed"] == 1
    for cid in at_risk | upsell:  # the insight agrees with the sales view
        insight = customer_insight(session, cid, "sales")
        assert not (insight["risk"]["level"] != "low" and {a["kind"] for a in insight["actions"]} & OFFERS)


def test_an_opted_out_customer_gets_no_contacting_action(session, ingest_into, hasher):
    from insight_service.services.privacy.suppression import opt_out

    shop(ingest_into, "H1")
    ingest_into("feedback", [ticket("z-h1", "H1", HAPPY, 3)])
    cid = customer_id(session, "H1")
    assert {a["kind"] for a in customer_insight(session, cid, "crm")["actions"]} & OFFERS
    opt_out(session, hasher, [{"kind": "email", "value": "klant.h1@mailbox.nl"}])
    session.commit()
    insight = customer_insight(session, cid, "crm")
    assert not {a["kind"] for a in insight["actions"]} & OFFERS
    assert any("opted_out" in s["because"] for s in insight["suppressed_actions"])
