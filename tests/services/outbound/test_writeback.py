"""CRM write-back runs against the real HubSpot and Salesforce wire formats, served by pytest-httpserver."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug import Response

from insight_service.connector_config import parse_connectors
from insight_service.models import WritebackRun, WritebackState
from insight_service.services.outbound.writeback import run_writeback
from insight_service.services.privacy.consent_changes import append_consent
from insight_service.services.privacy.erasure import erase_customer
from tests.leaks import assert_absent, table_dump
from tests.records import granted, make_customer, make_feedback

PAGES = Path(__file__).resolve().parents[2] / "connectors" / "pages"
NOW = datetime(2026, 3, 20, 12, 0, tzinfo=timezone.utc)
TOKEN = "pat-eu1-writeback-test-secret-0001"
SF_TOKEN = "00D5g000004writeback!secret0002"
UPDATE = "/crm/v3/objects/contacts/batch/update"
COLLECTIONS = "/services/data/v59.0/composite/sobjects"
COMPLAINT = "De machine lekt en is na een week kapot, heel teleurgesteld."
PRAISE = "Heel blij met de machine, echt een aanrader!"
SF_ID = "0035g00000AbCdEAAZ"
SF_GONE = "0035g00000ZzZzZAAV"


def wire(folder: str, name: str):
    """A wire-format body from tests/connectors/pages."""
    return json.loads((PAGES / folder / f"{name}.json").read_text())


def json_response(body, status: int = 200, headers: dict | None = None) -> Response:
    """A JSON response for a pytest-httpserver handler."""
    return Response(json.dumps(body), status=status, content_type="application/json", headers=headers or {})


def bodies(httpserver, path: str, method: str = "POST") -> list:
    """The JSON bodies the server received on a path, in order."""
    return [json.loads(req.get_data()) for req, _resp in httpserver.log if req.path == path and req.method == method]


@pytest.fixture
def world(ingest_into):
    """Three HubSpot contacts (Anna complained and was not answered, Bram praised, Cees said nothing), a Salesforce
    contact who complained, and a contact of another CRM who complained too."""
    people = [("hubspot", "101", "anna"), ("hubspot", "102", "bram"), ("hubspot", "103", "cees"),
              ("salesforce", SF_ID, "dirk"), ("salesforce", SF_GONE, "eef"), ("otherscrm", "X-9", "fenna")]
    ingest_into("customer", [make_customer(ext, source=src, name=f"{who.title()} Jansen",
                                           email=f"{who}.jansen@mailbox.nl", consents=[granted("marketing")])
                             for src, ext, who in people])
    items = [("a1", "anna", COMPLAINT, 1), ("b1", "bram", PRAISE, 5), ("d1", "dirk", COMPLAINT, 1),
             ("e1", "eef", PRAISE, 5), ("f1", "fenna", COMPLAINT, 1)]
    ingest_into("feedback", [make_feedback(fid, author={"email": f"{who}.jansen@mailbox.nl"}, text=text,
                                           rating=rating, posted_at="2026-03-10T09:00:00+00:00")
                             for fid, who, text, rating in items])
    return {ext: who for _src, ext, who in people}


@pytest.fixture
def crm(httpserver, monkeypatch):
    """Connector configs aimed at the test server, from a TOML text whose writeback table the test chooses."""
    monkeypatch.setenv("HUBSPOT_TOKEN", TOKEN)
    monkeypatch.setenv("SALESFORCE_TOKEN", SF_TOKEN)

    def _config(kind: str, writeback: str):
        import tomllib

        secret = "HUBSPOT_TOKEN" if kind == "hubspot" else "SALESFORCE_TOKEN"
        text = (f'[connectors.{kind}-main]\nkind = "{kind}"\nbase_url = "{httpserver.url_for("/").rstrip("/")}"\n'
                f'max_retries = 2\n[connectors.{kind}-main.secrets]\naccess_token = "env:{secret}"\n'
                f'[connectors.{kind}-main.writeback]\nenabled = true\n{writeback}\n')
        return parse_connectors(tomllib.loads(text))[f"{kind}-main"]
    return _config


def writer_of(config):
    """The config's writer with sleeps recorded instead of slept."""
    writer = config.build_writer()
    writer.slept = []
    writer.sleep = writer.slept.append
    return writer


def hubspot_setup(httpserver, status: int = 201) -> None:
    """The property group and property creations answer 201 (or 409: they exist)."""
    body = wire("hubspot_writeback", "property_exists") if status == 409 else None
    httpserver.expect_request("/crm/v3/properties/contacts/groups", method="POST").respond_with_json(
        body or wire("hubspot_writeback", "property_group"), status=status)
    httpserver.expect_request("/crm/v3/properties/contacts", method="POST").respond_with_json(
        body or wire("hubspot_writeback", "property_created"), status=status)


def ok_for_inputs(request) -> Response:
    """A 200 batch result naming every input id, like HubSpot's."""
    ids = [i["id"] for i in json.loads(request.get_data())["inputs"]]
    page = wire("hubspot_writeback", "batch_update_ok")
    template = page["results"][0]
    page["results"] = [{**template, "id": i, "properties": {"hs_object_id": i}} for i in ids]
    return json_response(page)


def inputs(httpserver) -> dict:
    """contact id -> properties, over every batch update the server received."""
    return {i["id"]: i["properties"] for body in bodies(httpserver, UPDATE) for i in body["inputs"]}


def rows(session) -> dict:
    """crm id -> write-back state row (fresh)."""
    session.expire_all()
    return {r.crm_id: r for r in session.scalars(select(WritebackState))}


HUBSPOT_WB = 'card_base_url = "https://insight.example.com"'


def test_first_run_creates_the_properties_and_writes_only_this_crms_customers(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB)
    hubspot_setup(httpserver)
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.status == "ok", run.error
    made = [b["name"] for b in bodies(httpserver, "/crm/v3/properties/contacts")]
    assert made == ["insight_sentiment", "insight_risk_level", "insight_top_pain_point",
                    "insight_last_complaint_date", "insight_card_url"]
    assert bodies(httpserver, "/crm/v3/properties/contacts/groups")[0]["name"] == "insight_service"
    sent = inputs(httpserver)
    assert set(sent) == {"101", "102", "103"}  # not the Salesforce contacts, not the other CRM's
    anna, bram, cees = sent["101"], sent["102"], sent["103"]
    assert anna["insight_sentiment"] == "negative" and anna["insight_last_complaint_date"] == "2026-03-10"
    assert anna["insight_risk_level"] in {"medium", "high"} and anna["insight_top_pain_point"]
    assert bram["insight_sentiment"] == "positive" and "insight_last_complaint_date" not in bram  # never written
    assert cees == {"insight_card_url": f"https://insight.example.com/cards/{cees_id(session)}"}
    everything = json.dumps(bodies(httpserver, UPDATE))
    assert_absent(everything, ["Jansen", "mailbox.nl", "lekt", "aanrader"])  # no name, e-mail or text
    assert run.counts["written"] == 3 and run.counts["failed"] == 0


def cees_id(session) -> int:
    """Our id of the silent HubSpot contact."""
    from insight_service.models import Customer

    return session.scalar(select(Customer.id).where(Customer.external_id == "103"))


def test_a_rerun_writes_nothing_new(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB)
    hubspot_setup(httpserver)
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    run_writeback(session, config, writer=writer_of(config), now=NOW)
    calls = len(httpserver.log)
    again = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert again.status == "ok" and len(httpserver.log) == calls  # no setup, no update: nothing changed
    assert again.counts["unchanged"] == 3 and again.counts["written"] == 0


def test_existing_properties_are_fine(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB)
    hubspot_setup(httpserver, status=409)
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.status == "ok" and run.counts["created_properties"] == []


def test_a_207_fails_one_contact_keeps_the_others_and_retries_it_next_run(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB)
    hubspot_setup(httpserver)
    httpserver.expect_oneshot_request(UPDATE, method="POST").respond_with_json(
        wire("hubspot_writeback", "batch_update_207"), status=207)
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.status == "ok"
    assert run.counts["written"] == 2 and run.counts["failed"] == 1
    assert run.counts["reasons"] == {"OBJECT_NOT_FOUND": 1}
    state = rows(session)
    assert state["103"].error == "OBJECT_NOT_FOUND" and state["103"].failures == 1 and state["101"].error is None
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    again = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert [i["id"] for i in bodies(httpserver, UPDATE)[-1]["inputs"]] == ["103"]  # only the failed one again
    assert again.counts["written"] == 1 and rows(session)["103"].error is None


def test_a_refused_batch_is_retried_record_by_record_and_the_reason_quotes_no_value(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB + "\nbatch_size = 100")
    hubspot_setup(httpserver)

    def refuse_anna(request):
        ids = [i["id"] for i in json.loads(request.get_data())["inputs"]]
        if "101" in ids:
            return json_response(wire("hubspot_writeback", "batch_update_invalid"), status=400)
        return ok_for_inputs(request)

    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(refuse_anna)
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.status == "ok" and run.counts["written"] == 2 and run.counts["failed"] == 1
    error = rows(session)["101"].error
    assert error == "HTTP 400 VALIDATION_ERROR"
    assert "lekt" not in json.dumps(run.counts) and "Barista" not in error


def test_429_waits_retry_after_then_writes(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB)
    hubspot_setup(httpserver)
    httpserver.expect_oneshot_request(UPDATE, method="POST").respond_with_response(json_response(
        wire("hubspot", "ratelimit_secondly"), 429, {"Retry-After": "3",
                                                    "X-HubSpot-RateLimit-Interval-Milliseconds": "10000"}))
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    writer = writer_of(config)
    run = run_writeback(session, config, writer=writer, now=NOW)
    assert run.status == "ok" and run.counts["written"] == 3
    assert writer.slept == [3.0]


def test_daily_limit_stops_the_run_and_the_next_run_goes_on(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB)
    hubspot_setup(httpserver)
    httpserver.expect_oneshot_request(UPDATE, method="POST").respond_with_json(
        wire("hubspot", "ratelimit_daily"), status=429)
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.status == "failed" and "HTTP 429" in run.error and TOKEN not in run.error
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    again = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert again.status == "ok" and again.counts["written"] == 3


def test_erasure_leaves_only_a_pending_clear_then_nothing(session, world, crm, httpserver, hasher):
    config = crm("hubspot", HUBSPOT_WB)
    hubspot_setup(httpserver)
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    run_writeback(session, config, writer=writer_of(config), now=NOW)
    anna = rows(session)["101"]
    written = dict(anna.written)
    receipt = erase_customer(session, anna.customer_id, hasher)
    session.commit()
    assert receipt["removed"]["crm_writeback_clears"] == 1
    pending = rows(session)["101"]
    assert pending.customer_id is None and pending.written is None and pending.tasks is None
    assert pending.clear_fields == sorted(written)
    dump = table_dump(session)
    assert_absent(dump, ["anna.jansen", "Anna", written["insight_top_pain_point"], written["insight_card_url"]])
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.counts["cleared"] == 1
    assert inputs(httpserver)["101"] == dict.fromkeys(sorted(written), "")  # what we wrote, emptied
    assert "101" not in rows(session)  # cleared: nothing of her is left


def test_an_erasure_while_the_batch_is_in_flight_leaves_no_value_behind(app, session, world, crm, httpserver, hasher):
    """The customer is erased while the CRM is answering: the run records a pending clear, not the values."""
    from insight_service import db
    from insight_service.models import Customer

    config = crm("hubspot", HUBSPOT_WB)
    hubspot_setup(httpserver)
    anna = session.scalar(select(Customer.id).where(Customer.external_id == "101"))

    def erase_then_answer(request):
        with app.app_context(), db.fresh_session() as other:
            erase_customer(other, anna, hasher)
        return ok_for_inputs(request)

    httpserver.expect_oneshot_request(UPDATE, method="POST").respond_with_handler(erase_then_answer)
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.status == "ok" and run.counts["erased_meanwhile"] == 1 and run.counts["written"] == 2
    pending = rows(session)["101"]
    assert pending.customer_id is None and pending.written is None
    sent = inputs(httpserver)["101"]
    assert pending.clear_fields == sorted(sent)
    assert_absent(table_dump(session), [sent["insight_top_pain_point"], sent["insight_card_url"]])
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    again = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert again.counts["cleared"] == 1 and "101" not in rows(session)


def test_consent_withdrawal_clears_what_was_written(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB + '\npurpose = "marketing"')
    hubspot_setup(httpserver)
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    run_writeback(session, config, writer=writer_of(config), now=NOW)
    bram = rows(session)["102"]
    assert bram.written["insight_sentiment"] == "positive"
    append_consent(session, bram.customer_id, "marketing", "withdrawn", "crm", valid_from=datetime(
        2026, 3, 15, tzinfo=timezone.utc))
    session.commit()
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    sent = bodies(httpserver, UPDATE)[-1]["inputs"]
    assert [i["id"] for i in sent] == ["102"]
    assert set(sent[0]["properties"].values()) == {""}  # every field emptied
    assert run.counts["cleared"] == 1 and rows(session)["102"].written == {}


def test_without_the_purpose_nothing_is_written(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB + '\npurpose = "testimonial"')
    hubspot_setup(httpserver)
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.status == "ok" and bodies(httpserver, UPDATE) == [] and run.counts["unchanged"] == 3


def test_public_posts_count_only_while_social_profiling_is_granted(session, world, crm, httpserver, ingest_into):
    """Cees's only feedback is a public post: written while social_profiling is granted, cleared once withdrawn."""
    ingest_into("customer", [make_customer("103", source="hubspot", name="Cees Jansen", email="cees.jansen@mailbox.nl",
                                           handles={"twitter": "ceesj"}, consents=[granted()])])
    ingest_into("feedback", [make_feedback("t1", source="twitter", channel="social", party="third",
                                           author={"twitter": "ceesj"}, text=COMPLAINT, rating=None,
                                           posted_at="2026-03-12T09:00:00+00:00")])
    config = crm("hubspot", 'fields = ["sentiment", "last_complaint_date"]')
    hubspot_setup(httpserver)
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert inputs(httpserver)["103"] == {"insight_sentiment": "negative", "insight_last_complaint_date": "2026-03-12"}
    cees = rows(session)["103"]
    append_consent(session, cees.customer_id, "social_profiling", "withdrawn", "crm",
                   valid_from=datetime(2026, 3, 15, tzinfo=timezone.utc))
    session.commit()
    run_writeback(session, config, writer=writer_of(config), now=NOW)
    last = bodies(httpserver, UPDATE)[-1]["inputs"]
    assert last == [{"id": "103", "objectWriteTraceId": "103",
                     "properties": {"insight_sentiment": "", "insight_last_complaint_date": ""}}]


def test_a_task_per_unanswered_complaint_once(session, world, crm, httpserver):
    config = crm("hubspot", HUBSPOT_WB + "\ntasks = true")
    hubspot_setup(httpserver)
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    httpserver.expect_request("/crm/v3/objects/tasks", method="POST").respond_with_json(
        wire("hubspot_writeback", "task_created"), status=201)
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    tasks = bodies(httpserver, "/crm/v3/objects/tasks")
    assert run.counts["tasks"] == 1 and len(tasks) == 1
    task = tasks[0]
    assert task["associations"] == [{"to": {"id": "101"}, "types": [
        {"associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 204}]}]
    assert task["properties"]["hs_task_status"] == "NOT_STARTED" and task["properties"]["hs_timestamp"]
    assert_absent(json.dumps(task), ["lekt", "Anna", "mailbox.nl"])
    run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert len(bodies(httpserver, "/crm/v3/objects/tasks")) == 1  # not twice for the same complaint


SF_WB = 'card_base_url = "https://insight.example.com"\ntasks = true'


def test_salesforce_updates_through_collections_with_a_per_record_failure(session, world, crm, httpserver):
    config = crm("salesforce", SF_WB)
    httpserver.expect_request("/services/data/v59.0/sobjects/Contact/describe").respond_with_json(
        wire("salesforce_writeback", "contact_describe"))
    httpserver.expect_request(COLLECTIONS, method="PATCH").respond_with_json(
        wire("salesforce_writeback", "collections_partial"))
    httpserver.expect_request(COLLECTIONS, method="POST").respond_with_json(
        wire("salesforce_writeback", "cases_created"))
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.status == "ok", run.error
    body = bodies(httpserver, COLLECTIONS, "PATCH")[0]
    assert body["allOrNone"] is False
    records = {r["id"]: r for r in body["records"]}
    assert set(records) == {SF_ID, SF_GONE}  # only this CRM's contacts
    dirk = records[SF_ID]
    assert dirk["attributes"] == {"type": "Contact"} and dirk["Insight_Sentiment__c"] == "negative"
    assert dirk["Insight_Last_Complaint_Date__c"] == "2026-03-10"
    assert "Insight_Last_Complaint_Date__c" not in records[SF_GONE]  # nothing to show and nothing to clear
    assert run.counts["written"] == 1 and run.counts["failed"] == 1
    assert rows(session)[SF_GONE].error == "ENTITY_IS_DELETED"
    case = bodies(httpserver, COLLECTIONS, "POST")[0]["records"]
    assert [c["ContactId"] for c in case] == [SF_ID] and case[0]["attributes"] == {"type": "Case"}
    assert_absent(json.dumps(case), ["lekt", "Dirk", "mailbox.nl"])
    assert run.counts["tasks"] == 1


def test_salesforce_429_with_retry_after_is_retried_on_the_session(session, world, crm, httpserver):
    config = crm("salesforce", 'fields = ["sentiment"]')
    httpserver.expect_request("/services/data/v59.0/sobjects/Contact/describe").respond_with_json(
        wire("salesforce_writeback", "contact_describe"))
    httpserver.expect_oneshot_request(COLLECTIONS, method="PATCH").respond_with_response(json_response(
        [{"message": "Too many requests", "errorCode": "REQUEST_LIMIT_EXCEEDED"}], 429, {"Retry-After": "2"}))
    httpserver.expect_request(COLLECTIONS, method="PATCH").respond_with_json(
        [{"id": SF_ID, "success": True, "errors": []}, {"id": SF_GONE, "success": True, "errors": []}])
    writer = writer_of(config)
    run = run_writeback(session, config, writer=writer, now=NOW)
    assert run.status == "ok" and run.counts["written"] == 2
    assert writer.slept == [2.0]


def test_salesforce_missing_custom_field_fails_the_run_naming_it(session, world, crm, httpserver):
    config = crm("salesforce", 'properties = { sentiment = "Mood__c" }')
    httpserver.expect_request("/services/data/v59.0/sobjects/Contact/describe").respond_with_json(
        wire("salesforce_writeback", "contact_describe"))
    run = run_writeback(session, config, writer=writer_of(config), now=NOW)
    assert run.status == "failed" and "Mood__c" in run.error
    assert bodies(httpserver, COLLECTIONS, "PATCH") == []
    assert session.scalar(select(WritebackRun.status).where(WritebackRun.id == run.id)) == "failed"
