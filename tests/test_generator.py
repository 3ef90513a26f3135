"""Tests for the deterministic data generator: determinism, shape, realism and streaming memory."""
from __future__ import annotations

import json
import re
import tracemalloc
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from connectors.files import FilesConnector
from insight_service.generator import PRODUCTS, generate, write_dataset
from insight_service.generator.catalog import EMERGING_SKU

SOURCES = {"twitter": ("social", "third"), "facebook": ("social", "third"), "trustpilot": ("review", "third"),
           "webshop": ("review", "first"), "forum": ("forum", "third"), "zendesk": ("ticket", "first"),
           "survey": ("survey", "first")}
REQUIRED = {"customer": ("source", "external_id"),
            "purchase": ("source", "external_id", "sku", "amount", "purchased_at"),
            "feedback": ("source", "external_id", "channel", "party", "text", "posted_at")}
BATTERY = re.compile(r"batterij|battery|oplaadcase|charg|laadt", re.IGNORECASE)


@pytest.fixture(scope="module")
def demo() -> dict:
    """The demo-sized dataset (300 customers, 4,000 feedback items) materialised once for inspection."""
    dataset = generate(300, 4000)
    return {"dataset": dataset, "customer": list(dataset.iter_customers()),
            "purchase": list(dataset.iter_purchases()), "feedback": list(dataset.iter_feedback()),
            "opt_outs": list(dataset.iter_opt_outs())}


def dump(dataset) -> str:
    """Every record of a dataset, opt-outs included, as one JSON text."""
    return json.dumps([list(dataset), list(dataset.iter_opt_outs())], ensure_ascii=False)


def moment(stamp: str) -> datetime:
    """A timestamp the generator wrote; it must carry a UTC offset."""
    parsed = datetime.fromisoformat(stamp)
    assert parsed.utcoffset() == timedelta(0), stamp
    return parsed


def test_same_seed_gives_identical_records_and_another_seed_does_not():
    assert dump(generate(40, 200, seed=7)) == dump(generate(40, 200, seed=7))
    assert dump(generate(40, 200, seed=7)) != dump(generate(40, 200, seed=8))


def test_records_can_be_derived_one_at_a_time(demo):
    dataset = demo["dataset"]
    assert dataset.customer(123) == demo["customer"][123]
    assert dataset.purchase(777) == demo["purchase"][777]
    assert dataset.feedback(3999) == demo["feedback"][3999]


def test_counts_default_to_four_purchases_per_customer(demo):
    assert (len(demo["customer"]), len(demo["purchase"]), len(demo["feedback"])) == (300, 1200, 4000)
    assert sum(1 for _ in generate(10, 5, purchases=33).iter_purchases()) == 33
    assert list(generate(0, 0)) == []


def test_every_record_has_the_canonical_shape(demo):
    for kind in ("customer", "purchase", "feedback"):
        for record in demo[kind]:
            assert all(record.get(field) not in (None, "") for field in REQUIRED[kind]), record
    for record in demo["feedback"]:
        assert SOURCES[record["source"]] == (record["channel"], record["party"])
        assert record.get("rating") is None or 1 <= record["rating"] <= 5
        assert record.get("language") in (None, "nl", "en")
        assert set(record.get("author", {})) <= {"email", "phone", "twitter", "facebook", "trustpilot", "name"}
    for record in demo["customer"]:
        assert set(record.get("handles", {})) <= {"twitter", "facebook", "instagram", "trustpilot"}
        for entry in record.get("consents", []):
            assert entry["purpose"] in ("social_profiling", "marketing", "testimonial")
            assert entry["status"] in ("granted", "denied", "withdrawn")
    for record in demo["purchase"]:
        assert record.get("customer_external_id") or record.get("customer_email")


def test_every_record_passes_the_ingest_schemas(demo):
    schemas = pytest.importorskip("insight_service.schemas.records").RECORD_SCHEMAS
    for kind in ("customer", "purchase", "feedback"):
        for record in demo[kind]:
            assert schemas[kind].validate(record) == {}, record


def test_timestamps_carry_an_offset_and_stay_in_the_window():
    dataset = generate(30, 300, start=date(2024, 1, 1), months=3)
    start, end = datetime(2024, 1, 1, tzinfo=timezone.utc), datetime(2024, 4, 1, tzinfo=timezone.utc)
    stamps = [record["purchased_at"] for record in dataset.iter_purchases()]
    stamps += [record["posted_at"] for record in dataset.iter_feedback()]
    assert all(start <= moment(stamp) < end for stamp in stamps)


def test_both_languages_and_every_channel_are_present(demo):
    languages = Counter(record.get("language") for record in demo["feedback"])
    assert 0.5 < languages["nl"] / (languages["nl"] + languages["en"]) < 0.7
    assert set(Counter(record["source"] for record in demo["feedback"])) == set(SOURCES)
    texts = [record["text"] for record in demo["feedback"]]
    assert any("maar" in text for text in texts) and any(text.isupper() for text in texts)
    assert any(re.search(r"([aeiou])\1\1", text) for text in texts)  # elongated words
    assert any(sku in text for text in texts for sku in (product.sku for product in PRODUCTS))


def test_the_emerging_issue_rises_sharply_in_the_last_six_weeks(demo):
    onset = datetime(2026, 5, 1, tzinfo=timezone.utc) - timedelta(days=42)
    weekly = Counter()
    for record in demo["feedback"]:
        if record.get("sku") == EMERGING_SKU and BATTERY.search(record["text"]):
            weekly["late" if moment(record["posted_at"]) >= onset else "early"] += 1
    early_rate, late_rate = weekly["early"] / (52 - 6), weekly["late"] / 6
    assert late_rate > 8 * early_rate


def test_some_authors_link_to_customers_and_many_do_not(demo):
    emails = {record["email"].lower() for record in demo["customer"] if "email" in record}
    twitter = {record["handles"]["twitter"].lstrip("@") for record in demo["customer"]
               if "twitter" in record.get("handles", {})}
    authors = [record.get("author", {}) for record in demo["feedback"]]
    linked = sum(1 for author in authors if author.get("email") in emails or author.get("twitter") in twitter)
    assert 0.2 < linked / len(authors) < 0.7
    assert any(author.get("email") == "noreply@example.com" for author in authors)
    assert any(author.get("twitter") == "anonymous" or author.get("name") == "anonymous" for author in authors)


def test_order_references_point_at_the_authors_own_orders(demo):
    orders = {record["order_id"]: record for record in demo["purchase"]}
    buyers = {record["external_id"]: record.get("email", "").lower() for record in demo["customer"]}
    reviews = [record for record in demo["feedback"] if record["source"] == "webshop"]
    linked = [record for record in reviews if "order_ref" in record]
    assert len(linked) > 0.9 * len(reviews)  # the rest are emerging-issue reviews without an order
    for record in linked:
        order = orders[record["order_ref"]]
        buyer = buyers.get(order.get("customer_external_id"), order.get("customer_email"))
        assert record["author"].get("email", buyer) in (buyer, "noreply@example.com")
        assert moment(record["posted_at"]) >= moment(order["purchased_at"])


def test_customers_have_mixed_contacts_consents_and_opt_outs(demo):
    customers = demo["customer"]
    phones = [record["phone"] for record in customers if "phone" in record]
    assert any(phone.startswith("06-") for phone in phones) and any(phone.startswith("+31 6") for phone in phones)
    assert any(phone.startswith("0031") for phone in phones)
    assert len({record["email"].lower() for record in customers if "email" in record}) == sum(
        1 for record in customers if "email" in record)
    statuses = Counter(entry["status"] for record in customers for entry in record.get("consents", []))
    assert min(statuses["granted"], statuses["denied"], statuses["withdrawn"]) > 0
    assert 0.3 < sum(1 for record in customers if not record.get("consents")) / len(customers) < 0.6
    kinds = Counter(entry["kind"] for entry in demo["opt_outs"])
    assert kinds["email"] > 0 and kinds["twitter"] > 0
    opted_handles = {entry["value"] for entry in demo["opt_outs"] if entry["kind"] == "twitter"}
    assert any(record.get("author", {}).get("twitter") in opted_handles for record in demo["feedback"])


def test_opt_outs_match_the_opt_out_api(demo):
    schema = pytest.importorskip("insight_service.schemas.ingest").OptOutSchema()
    assert schema.validate({"identifiers": demo["opt_outs"]}) == {}


def test_invalid_records_appear_only_when_asked():
    schemas = pytest.importorskip("insight_service.schemas.records").RECORD_SCHEMAS
    clean = generate(100, 2000)
    spoiled = generate(100, 2000, include_invalid=True)
    assert not any(schemas[kind].validate(record) for kind, record in clean)
    bad = [record for kind, record in spoiled if schemas[kind].validate(record)]
    assert 3 <= len(bad) <= 40
    assert any(record.get("rating") == 9 for record in bad) and any("text" not in record for record in bad)


def test_streaming_keeps_memory_flat():
    dataset = generate(1000, 1200)
    tracemalloc.start()
    try:
        for _ in dataset.iter_feedback():
            pass
        streamed = tracemalloc.get_traced_memory()[1]
        tracemalloc.reset_peak()
        held = list(generate(1000, 300).iter_feedback())
        listed = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # 1,200 streamed items must cost far less than holding a quarter of them in a list.
    assert len(held) == 300 and streamed < 150_000 and streamed * 2 < listed


def test_write_dataset_streams_identical_files_and_reports_progress(tmp_path: Path):
    calls = []
    paths = write_dataset(tmp_path / "a", 20, 150, seed=3, progress=lambda *args: calls.append(args))
    write_dataset(tmp_path / "b", 20, 150, seed=3)
    assert sorted(paths) == ["customers", "feedback", "opt_outs", "purchases"]
    for name, path in paths.items():
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()
    assert len(paths["feedback"].read_text(encoding="utf-8").splitlines()) == 150
    assert ("customers", 20, 20) in calls and ("feedback", 150, 150) in calls
    assert not list(tmp_path.glob("*/*.partial"))


def test_csv_files_read_back_through_the_files_connector(tmp_path: Path):
    paths = write_dataset(tmp_path, 25, 60, seed=5, fmt="csv")
    connector = FilesConnector(name="demo", options={"path": str(paths["customers"]), "kind": "customer"}, secrets={})
    read = [record for page in connector.pages() for _, record in page.records]
    assert read == list(generate(25, 60, seed=5).iter_customers())
    with pytest.raises(ValueError, match="unknown format"):
        write_dataset(tmp_path, 1, 1, fmt="xml")
