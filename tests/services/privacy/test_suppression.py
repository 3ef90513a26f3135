"""Consent ledger, withdrawal, opt-out, erasure and retention: what must not survive, does not."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from insight_service.models import Customer, Feedback, FeedbackPainPoint, Suppression
from insight_service.services.privacy.consent import consent_states
from insight_service.services.privacy.consent_changes import append_consent
from insight_service.services.privacy.consent_changes import apply_social_profiling
from insight_service.services.privacy.erasure import erase_customer, export_customer
from insight_service.services.privacy.suppression import opt_out, purge_expired_texts
from tests.leaks import assert_absent, table_dump
from tests.records import granted, make_customer, make_feedback, make_purchase

ANNA = dict(email="anna.devries@mailbox.nl", phone="+31 6 2817 4093", handles={"twitter": "AnnaDV"},
            name="Anna de Vries")
SECRET_TEXT = "Mijn koffiemachine lekt sinds dinsdag"


def anna_with_history(ingest_into, consents=(granted(),)):
    """Anna, her purchase, a ticket, a review by order ref and a tweet."""
    ingest_into("customer", [make_customer("C1", consents=list(consents), **ANNA)])
    ingest_into("purchase", [make_purchase("L1", "C1", order_id="ORD-1")])
    ingest_into("feedback", [
        make_feedback("z1", source="zendesk", channel="ticket", author={"email": ANNA["email"]}, text=SECRET_TEXT),
        make_feedback("r1", order_ref="ORD-1", text="Na een week kapot, teleurgesteld"),
        make_feedback("t1", source="twitter", channel="social", party="third", author={"twitter": "@annadv"},
                      rating=None, text="@brand mijn machine is kapot, slechte service", url="https://x.com/annadv/1"),
    ])


def test_state_is_derived_from_the_ledger_at_any_moment(session, ingest_into):
    ingest_into("customer", [make_customer("C1")])
    cid = session.scalars(select(Customer.id)).one()
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    append_consent(session, cid, "marketing", "granted", "crm", valid_from=t0)
    append_consent(session, cid, "marketing", "withdrawn", "crm", valid_from=t0 + timedelta(days=30))
    append_consent(session, cid, "testimonial", "granted", "crm", valid_from=t0, expires_at=t0 + timedelta(days=10))
    at = lambda d: consent_states(session, [cid], t0 + timedelta(days=d))[cid]  # noqa: E731
    assert at(-1)["marketing"]["status"] == "unknown" and not at(-1)["marketing"]["granted"]
    assert at(5)["marketing"]["granted"] and at(5)["testimonial"]["granted"]
    assert at(40)["marketing"]["status"] == "withdrawn"
    assert at(11)["testimonial"]["status"] == "expired" and not at(11)["testimonial"]["granted"]
    assert at(40)["social_profiling"]["status"] == "unknown"


def test_most_restrictive_wins_at_the_same_moment(session, ingest_into):
    ingest_into("customer", [make_customer("C1")])
    cid = session.scalars(select(Customer.id)).one()
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    append_consent(session, cid, "marketing", "denied", "crm-a", valid_from=t0)
    append_consent(session, cid, "marketing", "granted", "crm-b", valid_from=t0)
    assert consent_states(session, [cid])[cid]["marketing"]["status"] == "denied"


def test_withdrawal_deidentifies_public_posts_at_once_and_stops_collection(session, ingest_into):
    anna_with_history(ingest_into)
    cid = session.scalars(select(Customer.id)).one()
    tweet = session.scalars(select(Feedback).where(Feedback.source == "twitter")).one()
    assert tweet.customer_id == cid
    append_consent(session, cid, "social_profiling", "withdrawn", "crm")
    apply_social_profiling(session, [cid])
    session.commit()
    session.refresh(tweet)
    assert (tweet.text, tweet.customer_id, tweet.url, tweet.external_id) == (None, None, None, None)
    assert tweet.sentiment_label == "negative" and tweet.pain_points  # anonymous facts stay
    assert all(p.span_start is None for p in tweet.pain_points)
    ticket = session.scalars(select(Feedback).where(Feedback.source == "zendesk")).one()
    assert ticket.text == SECRET_TEXT  # first-party feedback is not social profiling
    result = ingest_into("feedback", [make_feedback("t2", source="twitter", channel="social", party="third",
                                                    author={"twitter": "annadv"}, text="Nieuwe klacht van Anna")])
    assert result.suppressed == 1
    assert_absent(table_dump(session), ["Nieuwe klacht van Anna", "x.com/annadv"])


def test_opt_out_of_a_non_customer_handle(session, ingest_into, hasher):
    ingest_into("feedback", [make_feedback("t1", source="twitter", channel="social", party="third",
                                           author={"twitter": "stranger"}, text="Stranger says the app crashes")])
    counts = opt_out(session, hasher, [{"kind": "twitter", "value": "@Stranger"}])
    session.commit()
    assert counts["identifiers_suppressed"] == 1 and counts["items_deidentified"] == 1
    again = ingest_into("feedback", [make_feedback("t2", source="twitter", channel="social", party="third",
                                                   author={"twitter": "STRANGER"}, text="Stranger again")])
    assert again.suppressed == 1 and again.created == 0
    assert session.scalar(select(func.count()).select_from(Feedback)) == 2
    assert_absent(table_dump(session), ["stranger"])


def test_opt_out_of_a_customer_covers_all_their_identifiers(session, ingest_into, hasher):
    anna_with_history(ingest_into)
    opt_out(session, hasher, [{"kind": "email", "value": ANNA["email"]}])
    session.commit()
    assert_absent(table_dump(session), [SECRET_TEXT, "kapot, slechte service"])
    later = ingest_into("feedback", [make_feedback("t9", source="twitter", channel="social", party="third",
                                                   author={"twitter": "annadv"}, text="Weer iets")])
    assert later.suppressed == 1


def test_erasure_leaves_nothing_personal_and_returns_a_receipt(session, ingest_into, hasher):
    anna_with_history(ingest_into)
    spam = [{"purpose": "spam", "status": "granted"}]
    ingest_into("customer", [make_customer("C1", **{**ANNA, "consents": spam})])  # quarantined copy
    cid = session.scalars(select(Customer.id)).one()
    receipt = erase_customer(session, cid)
    session.commit()
    assert receipt["removed"]["customer"] == 1 and receipt["removed"]["purchases"] == 1
    assert receipt["removed"]["feedback_deidentified"] == 3 and receipt["removed"]["quarantined_records"] == 1
    assert receipt["removed"]["pain_point_spans"] >= 2
    dump = table_dump(session)
    assert_absent(dump, [ANNA["email"], "annadv", "anna de vries", "628174093", SECRET_TEXT, "teleurgesteld",
                         "ORD-1", "x.com/annadv", "C1 "])
    assert session.scalar(select(func.count()).select_from(Suppression).where(Suppression.reason == "erasure")) == 4
    assert session.scalar(select(func.count()).select_from(FeedbackPainPoint)) >= 2  # anonymous facts remain
    again = ingest_into("customer", [make_customer("C1", **ANNA)])
    assert again.suppressed == 1 and again.created == 0
    tickets = ingest_into("feedback", [make_feedback("z2", author={"email": ANNA["email"]}, text="Nog een vraag")])
    assert tickets.suppressed == 1
    assert_absent(table_dump(session), [ANNA["email"], "Nog een vraag", "anna de vries"])


def test_erasure_of_unknown_customer_returns_none(session):
    assert erase_customer(session, 424242) is None


def test_subject_export_holds_everything(session, ingest_into):
    anna_with_history(ingest_into)
    cid = session.scalars(select(Customer.id)).one()
    data = export_customer(session, cid)
    assert data["customer"].email == ANNA["email"]
    assert {f.external_id for f in data["feedback"]} == {"z1", "r1", "t1"}
    assert len(data["purchases"]) == 1 and data["consents"]["current"]["social_profiling"]["granted"]
    assert {i["kind"] for i in data["identifiers"]} == {"crm", "email", "phone", "twitter"}


def test_retention_purge_deidentifies_old_public_texts_only(session, ingest_into):
    ingest_into("feedback", [
        make_feedback("old", source="forum", channel="forum", party="third", posted_at="2023-01-01T00:00:00Z",
                      text="Oude forumpost over de accu"),
        make_feedback("new", source="forum", channel="forum", party="third", text="Nieuwe forumpost"),
        make_feedback("oldticket", posted_at="2023-01-01T00:00:00Z", text="Oude eigen review"),
    ])
    assert purge_expired_texts(session, datetime(2024, 11, 1, tzinfo=timezone.utc)) == 1
    session.commit()
    texts = set(session.scalars(select(Feedback.text)))
    assert texts == {None, "Nieuwe forumpost", "Oude eigen review"}


def test_de_identification_drops_the_handling_history(session, ingest_into, hasher):
    from sqlalchemy import func, select

    from insight_service.models import FeedbackHandling
    from insight_service.services.privacy.suppression import opt_out
    from insight_service.services.reads.handling import mark_handled
    from tests.services.insight_data import ANNA, anna, item_id

    anna(ingest_into, session)
    mark_handled(session, item_id(session, "z1"), "Ria", "Called Anna de Vries back")
    session.commit()
    opt_out(session, hasher, [{"kind": "email", "value": ANNA["email"]}])
    session.commit()
    assert session.scalar(select(func.count()).select_from(FeedbackHandling)) == 0
