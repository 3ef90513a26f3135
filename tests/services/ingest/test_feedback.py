"""Feedback ingest: idempotence, edits, quarantine, linking and the privacy gate."""
import pytest
from sqlalchemy import func, select

from insight_service.models import Feedback, FeedbackIdentifier, FeedbackPainPoint, QuarantinedRecord
from tests.records import granted, make_customer, make_feedback, make_purchase


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_same_batch_twice_changes_nothing(session, ingest_into):
    batch = [make_feedback("f1"), make_feedback("f2", text="De levering duurde twee weken, slecht!", rating=None)]
    first = ingest_into("feedback", batch)
    second = ingest_into("feedback", batch)
    assert (first.created, second.created, second.unchanged) == (2, 0, 2)
    assert count(session, Feedback) == 2
    assert count(session, FeedbackPainPoint) == 1


def test_edited_record_updates_in_place_and_is_reanalysed(session, ingest_into):
    ingest_into("feedback", [make_feedback("f1", text="Top product, blij mee", rating=None)])
    result = ingest_into("feedback", [make_feedback("f1", text="Na een week kapot, waardeloos", rating=None)])
    row = session.scalars(select(Feedback)).one()
    assert result.updated == 1 and count(session, Feedback) == 1
    assert row.sentiment_label == "negative" and [p.code for p in row.pain_points] == ["defect"]


def test_duplicates_inside_one_batch_keep_the_last(session, ingest_into):
    result = ingest_into("feedback", [make_feedback("f1", text="eerste versie"),
                                      make_feedback("f1", text="Laatste versie, heel blij")])
    assert (result.created, result.duplicates) == (1, 1)
    assert session.scalars(select(Feedback.text)).one() == "Laatste versie, heel blij"


@pytest.mark.parametrize("broken, field", [
    ({"text": None}, "text"),
    ({"posted_at": "31-02-2026"}, "posted_at"),
    ({"channel": "carrier-pigeon"}, "channel"),
    ({"party": None}, "party"),
    ({"text": "x" * 20_001}, "text"),
    ({"external_id": None}, "external_id"),
])
def test_bad_records_are_quarantined_with_the_field(session, ingest_into, broken, field):
    result = ingest_into("feedback", [make_feedback("ok"), {**make_feedback("bad"), **broken}])
    assert result.created == 1
    assert [q["index"] for q in result.quarantined] == [1]
    assert field in {e["field"] for e in result.quarantined[0]["errors"]}
    stored = session.scalars(select(QuarantinedRecord)).one()
    assert stored.kind == "feedback" and stored.status == "open"


@pytest.mark.parametrize("broken, warned", [
    ({"rating": "five"}, ["rating"]), ({"rating": 9}, ["rating"]),
    ({"author": {"email": "not-an-email", "twitter": "piet_nl"}}, ["author.email"]),
    ({"author": {"phone": "123"}}, ["author.phone"]), ({"author": {"phone": "+1234567890"}}, ["author.phone"]),
    ({"author": "anna"}, ["author"]), ({"author": {"twitter": 5}}, ["author.twitter"]),
    ({"author": {"name": "x" * 201}}, ["author.name"]), ({"url": "not a url"}, ["url"]),
    ({"language": "klingon-dialect"}, ["language"]), ({"sku": "s" * 65}, ["sku"]),
])
def test_unusable_optional_fields_are_dropped_with_a_warning(session, ingest_into, broken, warned):
    result = ingest_into("feedback", [make_feedback("ok"), {**make_feedback("warned"), **broken}])
    assert result.created == 2 and not result.quarantined and count(session, QuarantinedRecord) == 0
    assert [(e["index"], e["external_id"]) for e in result.warnings] == [(1, "warned")]
    assert [w["field"] for w in result.warnings[0]["warnings"]] == warned
    identifiers = set(session.scalars(select(FeedbackIdentifier.kind)))
    assert not {field.split(".")[-1] for field in warned} & identifiers


def test_resending_a_bad_record_does_not_quarantine_it_twice(session, ingest_into):
    ingest_into("feedback", [make_feedback("bad", posted_at="never")])
    ingest_into("feedback", [make_feedback("bad", posted_at="never")])
    assert count(session, QuarantinedRecord) == 1


def test_non_object_records_are_quarantined(ingest_into):
    result = ingest_into("feedback", ["just a string", 42, make_feedback("ok")])
    assert result.created == 1 and [q["index"] for q in result.quarantined] == [0, 1]


def test_links_by_email_for_first_party(session, ingest_into):
    ingest_into("customer", [make_customer("C1", email="anna@mailbox.nl")])
    result = ingest_into("feedback", [make_feedback("f1", author={"email": "ANNA@mailbox.nl "})])
    row = session.scalars(select(Feedback)).one()
    assert result.linked == 1 and row.customer_id is not None and row.link_rule == "email"


def test_links_by_order_reference_through_a_purchase(session, ingest_into):
    ingest_into("customer", [make_customer("C1")])
    ingest_into("purchase", [make_purchase("L1", "C1", order_id="ORD-9")])
    ingest_into("feedback", [make_feedback("f1", order_ref="ORD-9")])
    assert session.scalars(select(Feedback.link_rule)).one() == "order_ref"


def test_shared_identifier_is_ambiguous_and_links_nobody(session, ingest_into):
    ingest_into("customer", [make_customer("C1", email="family@mailbox.nl"),
                             make_customer("C2", email="family@mailbox.nl")])
    result = ingest_into("feedback", [make_feedback("f1", author={"email": "family@mailbox.nl"})])
    assert result.ambiguous == 1 and session.scalars(select(Feedback.customer_id)).one() is None


def test_blocked_author_values_never_link(session, ingest_into):
    ingest_into("customer", [make_customer("C1", handles={"twitter": "anonymous"})])
    ingest_into("feedback", [make_feedback("f1", author={"twitter": "anonymous", "email": "noreply@mailbox.nl"})])
    assert session.scalars(select(Feedback.customer_id)).one() is None
    assert count(session, FeedbackIdentifier) == 0


def test_third_party_links_only_with_social_profiling(session, ingest_into):
    ingest_into("customer", [make_customer("C1", handles={"twitter": "anna"}),
                             make_customer("C2", handles={"twitter": "bert"}, consents=[granted()])])
    tweets = [make_feedback(f"t{h}", source="twitter", channel="social", party="third", author={"twitter": h},
                            rating=None) for h in ("anna", "bert")]
    ingest_into("feedback", tweets)
    links = dict(session.execute(select(Feedback.external_id, Feedback.customer_id)).all())
    assert links["tanna"] is None and links["tbert"] is not None


def test_late_linking_when_the_customer_arrives_after_the_feedback(session, ingest_into):
    ingest_into("feedback", [make_feedback("f1", author={"email": "late@mailbox.nl"})])
    result = ingest_into("customer", [make_customer("C9", email="late@mailbox.nl")])
    assert result.linked == 1 and session.scalars(select(Feedback.link_rule)).one() == "email"


def test_late_linking_by_order_when_the_purchase_arrives_later(session, ingest_into):
    ingest_into("customer", [make_customer("C1")])
    ingest_into("feedback", [make_feedback("f1", order_ref="ORD-5")])
    ingest_into("purchase", [make_purchase("L5", "C1", order_id="ORD-5")])
    assert session.scalars(select(Feedback.link_rule)).one() == "order_ref"


def test_removing_an_identifier_removes_its_links(session, ingest_into):
    ingest_into("customer", [make_customer("C1", email="old@mailbox.nl")])
    ingest_into("feedback", [make_feedback("f1", author={"email": "old@mailbox.nl"})])
    ingest_into("customer", [make_customer("C1", email="new@mailbox.nl")])
    assert session.scalars(select(Feedback.customer_id)).one() is None


def test_a_second_customer_with_the_same_identifier_unlinks(session, ingest_into):
    ingest_into("customer", [make_customer("C1", email="shared@mailbox.nl")])
    ingest_into("feedback", [make_feedback("f1", author={"email": "shared@mailbox.nl"})])
    ingest_into("customer", [make_customer("C2", email="shared@mailbox.nl")])
    assert session.scalars(select(Feedback.customer_id)).one() is None


def test_products_are_created_from_feedback_sku(session, ingest_into):
    from insight_service.models import Product

    ingest_into("feedback", [make_feedback("f1", sku="NEW-1")])
    assert session.scalars(select(Product.sku)).all() == ["NEW-1"]
