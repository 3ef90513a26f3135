"""Per-customer insight: figures, pain points with quotes, consent filtering per role, withheld notes."""
from datetime import timedelta

from sqlalchemy import select

from insight_service.models import Customer, utcnow
from insight_service.services.departments.insight import customer_insight
from insight_service.services.privacy.consent_changes import append_consent
from insight_service.services.privacy.consent_changes import apply_social_profiling
from insight_service.services.privacy.scrubbing import scrub
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
    assert defect["count"] == 2 and defect["quote"] in (scrub(TWEET), scrub(TICKET))  # the scrubbed clause
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


def test_quotes_are_the_scrubbed_clause_with_the_span_inside(session, ingest_into):
    from tests.records import make_customer, make_feedback

    ingest_into("customer", [make_customer("Q1", email="q1@mailbox.nl")])
    text = "Mooi toestel, maar de batterij is na een week leeg, bel 06-12345678. Verder prima!"
    ingest_into("feedback", [make_feedback("q1", author={"email": "q1@mailbox.nl"}, text=text, rating=2)])
    cid = session.scalar(select(Customer.id).where(Customer.external_id == "Q1"))
    battery = next(p for p in customer_insight(session, cid, "service")["pain_points"] if p["code"] == "battery")
    assert battery["quote"] == "de batterij is na een week leeg, bel [phone]"
    assert battery["quote_span"] in battery["quote"] and battery["quote_span"] != battery["quote"]


def test_insight_says_which_versions_produced_it(session, ingest_into):
    from insight_service import analysis

    cid = anna(ingest_into, session)
    versions = customer_insight(session, cid, "crm")["analysis"]
    assert versions["analyzer_version"] == analysis.ANALYZER_VERSION
    assert versions["produced_by"] == [{"analyzer_version": analysis.ANALYZER_VERSION,
                                        "taxonomy_version": analysis.taxonomy().version, "items": 3}]


def test_themes_of_the_customer_need_k_authors_of_the_product(session, ingest_into):
    from tests.records import make_customer
    from tests.services.theme_data import theme_records

    ingest_into("customer", [make_customer("H0", email="hinge0@mailbox.nl")])
    ingest_into("feedback", theme_records(5))
    cid = session.scalar(select(Customer.id).where(Customer.external_id == "H0"))
    themes = customer_insight(session, cid, "service", k=5)["themes"]
    assert [(t["sku"], t["key"], t["shared_by_authors"]) for t in themes] == [("LP-1", "hing snap", 5)]
    assert themes[0]["quote"] == "The hinge snaps, call me at [phone]"
    assert customer_insight(session, cid, "service", k=6)["themes"] == []
    assert customer_insight(session, cid, "sales", k=5)["themes"][0]["quote"] is None  # sales reads no reviews


def test_kept_author_counts_of_themes_follow_new_items(session, ingest_into):
    from tests.records import make_customer
    from tests.services.theme_data import theme_records

    ingest_into("customer", [make_customer("H0", email="hinge0@mailbox.nl")])
    ingest_into("feedback", theme_records(4))
    cid = session.scalar(select(Customer.id).where(Customer.external_id == "H0"))
    assert customer_insight(session, cid, "service", k=5)["themes"] == []  # 4 authors: counted and kept
    fifth = [r for r in theme_records(5) if r["external_id"] == "t-hinge-4"]
    ingest_into("feedback", fifth)  # a fifth author: the kept count is renewed
    themes = customer_insight(session, cid, "service", k=5)["themes"]
    assert [(t["key"], t["shared_by_authors"]) for t in themes] == [("hing snap", 5)]
