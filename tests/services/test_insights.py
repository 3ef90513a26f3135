"""Per-customer insight: figures, pain points with quotes, consent filtering per role, withheld notes."""
from datetime import timedelta

from insight_service.models import utcnow
from insight_service.services.consent import append_consent
from insight_service.services.consent_changes import apply_social_profiling
from insight_service.services.insights import customer_insight
from tests.records import granted
from tests.services.insight_data import REVIEW, TICKET, TWEET, anna, item_id


def test_figures_of_a_known_customer(session, ingest_into):
    cid = anna(ingest_into, session)
    insight = customer_insight(session, cid, "crm")
    assert insight["customer"]["name"] == "Anna de Vries"
    assert insight["purchases"]["count"] == 1 and str(insight["purchases"]["total_value"]) == "600.00"
    assert insight["purchases"]["top_products"][0]["sku"] == "CM-100"
    feedback = insight["feedback"]
    assert feedback["total"] == 3
    assert feedback["by_channel"] == {"review": 1, "ticket": 1, "social": 1}
    assert feedback["barometer"] == {"positive": 1, "neutral": 0, "negative": 2}
    assert [i["text"] for i in feedback["latest"]] == [TWEET, TICKET, REVIEW]
    assert {e["word"] for e in feedback["emotions"]} >= {"blij"}
    defect = next(p for p in insight["pain_points"] if p["code"] == "defect")
    assert defect["count"] == 2 and defect["quote"] and defect["quote"] in TWEET + TICKET
    assert [w["purpose"] for w in insight["privacy"]["withheld"]] == ["testimonial"]  # only marketing granted


def test_a_missing_customer_is_none(session):
    assert customer_insight(session, 999, "crm") is None


def test_public_post_disappears_when_consent_expires_and_is_counted(session, ingest_into):
    expires = (utcnow() + timedelta(days=30)).isoformat()
    cid = anna(ingest_into, session, consents=[granted(expires_at=expires)])
    tweet = item_id(session, "t1")
    assert tweet in [i["id"] for i in customer_insight(session, cid, "crm")["feedback"]["latest"]]
    later = customer_insight(session, cid, "crm", now=utcnow() + timedelta(days=31))
    assert tweet not in [i["id"] for i in later["feedback"]["latest"]]
    assert later["feedback"]["total"] == 2 and later["feedback"]["by_channel"].get("social") is None
    assert later["privacy"]["withheld"][0]["message"] == "1 public posts not shown: no social_profiling consent"
    assert all(tweet not in p["feedback_ids"] for p in later["pain_points"])


def test_public_post_disappears_on_withdrawal(session, ingest_into):
    cid = anna(ingest_into, session)
    append_consent(session, cid, "social_profiling", "withdrawn", "crm")
    insight = customer_insight(session, cid, "service")
    assert TWEET not in str(insight) and insight["privacy"]["withheld"][0]["count"] == 1
    apply_social_profiling(session, [cid])  # the full path de-identifies and unlinks the post
    session.commit()
    assert TWEET not in str(customer_insight(session, cid, "crm"))


def test_unknown_social_profiling_never_links_public_posts(session, ingest_into):
    cid = anna(ingest_into, session, consents=[])
    insight = customer_insight(session, cid, "crm")
    assert insight["feedback"]["by_channel"] == {"review": 1, "ticket": 1} and TWEET not in str(insight)


def test_marketing_sees_no_ticket_texts(session, ingest_into):
    cid = anna(ingest_into, session)
    insight = customer_insight(session, cid, "marketing")
    texts = {i["channel"]: i["text"] for i in insight["feedback"]["latest"]}
    assert texts["ticket"] is None and texts["review"] == REVIEW and TICKET not in str(insight)
    assert {a["department"] for a in insight["actions"]} <= {"marketing"}


def test_sales_sees_no_texts_at_all(session, ingest_into):
    cid = anna(ingest_into, session)
    insight = customer_insight(session, cid, "sales")
    dumped = str(insight)
    for text in (TICKET, TWEET, REVIEW, "kapot", "lekt"):
        assert text not in dumped
    assert all(p["quote"] is None for p in insight["pain_points"])
    assert {a["department"] for a in insight["actions"]} <= {"sales"}
