"""Batch validation and quarantine: what a database cannot store quarantines one record, never the batch."""
from decimal import Decimal

from sqlalchemy import func, select

from insight_service.models import Customer, Feedback, QuarantinedRecord
from insight_service.services.ingest.batch import storable
from tests.records import make_customer, make_feedback, make_purchase


def test_a_nul_in_one_feedback_text_quarantines_that_record_and_stores_the_rest(ingest_into, session):
    # connectors feed records straight to the pipeline (the API refuses a NUL anywhere in the body with a 422),
    # and PostgreSQL refuses NUL in text and JSON: one such record used to fail the whole batch there
    records = [make_feedback(external_id=f"n-{i}", text="Goed\x00product" if i == 1 else "Prima product")
               for i in range(3)]
    result = ingest_into("feedback", records)
    assert (result.created, len(result.quarantined)) == (2, 1)
    assert result.quarantined[0]["errors"] == [{"field": "text", "message": "must not contain NUL characters"}]
    assert session.scalar(select(func.count()).select_from(Feedback)) == 2
    kept = session.scalars(select(QuarantinedRecord)).one()
    assert kept.payload["text"] == "Goed\ufffdproduct" and kept.external_id == "n-1"


def test_nul_in_a_nested_value_or_key_names_its_path(ingest_into, session):
    records = [make_customer(external_id="c-1", handles={"twitter": "anna\x00"}),
               make_customer(external_id="c\x00-2", name="Klant 2", email="c2@mailbox.nl"), make_customer(external_id="c-3")]
    result = ingest_into("customer", records)
    assert result.created == 1
    fields = [[e["field"] for e in q["errors"]] for q in result.quarantined]
    assert fields == [["handles.twitter"], ["external_id"]]
    assert session.scalar(select(Customer.external_id)) == "c-3"
    assert {q.external_id for q in session.scalars(select(QuarantinedRecord))} == {"c-1", "c\ufffd-2"}


def test_the_same_record_with_a_nul_sent_again_is_quarantined_once(ingest_into, session):
    record = make_feedback(external_id="n-9", text="kapot\x00")
    first, again = ingest_into("feedback", [record]), ingest_into("feedback", [record])
    assert first.quarantined[0]["quarantine_id"] == again.quarantined[0]["quarantine_id"]
    assert session.scalar(select(func.count()).select_from(QuarantinedRecord)) == 1


def test_nan_and_infinity_from_a_json_lines_source_quarantine_that_record(ingest_into, session):
    # Python's json module reads NaN and Infinity, which JSONB refuses: the stored copy must not fail the batch
    records = [make_purchase("L1", amount=float("nan")), make_purchase("L2"), make_purchase("L3", amount=float("inf"))]
    result = ingest_into("purchase", records)
    assert result.created == 1 and [q["index"] for q in result.quarantined] == [0, 2]
    assert all(q["errors"][0]["field"] == "amount" for q in result.quarantined)
    assert sorted(q.payload["amount"] for q in session.scalars(select(QuarantinedRecord))) == ["inf", "nan"]


def test_a_nan_in_an_optional_field_drops_that_field_only(ingest_into):
    records = [make_feedback(external_id="r-1", rating=float("nan")), make_feedback(external_id="r-2")]
    result = ingest_into("feedback", records)
    assert result.created == 2 and not result.quarantined
    assert result.warnings == [{"index": 0, "external_id": "r-1", "warnings": [
        {"field": "rating", "message": "Special numeric values (nan or infinity) are not permitted."}]}]


def test_storable_keeps_json_values_and_turns_the_rest_into_text():
    kept = {"a": [1, 2.5, True, None, "x"], "b": {"c": -3}}
    assert storable(kept) == kept
    assert storable({"n\x00": float("-inf"), 1: Decimal("2.50"), "t": ("a\x00",)}) == {
        "n\ufffd": "-inf", "1": "2.50", "t": ["a\ufffd"]}
