"""Sync runs against real wire-format pages: land records, resume, survive interruptions, one job at a time, ticks."""
from __future__ import annotations

import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select
from werkzeug import Response

from insight_service.models import Customer, Feedback, Job, Purchase, SyncRun, SyncState, utcnow

PAGES = Path(__file__).resolve().parents[2] / "connectors" / "pages"
HUBSPOT_TOKEN = "pat-eu1-sync-test-secret-0001"
ZENDESK_TOKEN = "zd-sync-test-secret-0002"
TWITTER_TOKEN = "AAAAsyncTestBearerSecret0003"
ZENDESK_PATH = "/api/v2/incremental/tickets/cursor.json"
CURSOR_1 = "MTcwNzIxMzYwMC4wfHw0MDQ1fA=="
CURSOR_2 = "MTcwNzI3MTc0MS4wfHw0MDQ2fA=="


def wire(source: str, name: str) -> dict:
    """A wire-format page from tests/connectors/pages."""
    return json.loads((PAGES / source / f"{name}.json").read_text())


def json_response(body, status: int = 200) -> Response:
    """A JSON response for a pytest-httpserver handler."""
    return Response(json.dumps(body), status=status, content_type="application/json")


@pytest.fixture
def configure(app, httpserver, tmp_path, monkeypatch):
    """Write connector tables (TOML) aimed at the test server, set their secrets, point the app at the file."""
    monkeypatch.setenv("HUBSPOT_TOKEN", HUBSPOT_TOKEN)
    monkeypatch.setenv("ZENDESK_TOKEN", ZENDESK_TOKEN)
    monkeypatch.setenv("TWITTER_TOKEN", TWITTER_TOKEN)

    def _configure(body: str) -> str:
        path = tmp_path / "connectors.toml"
        path.write_text(body.replace("BASE", httpserver.url_for("/").rstrip("/")))
        app.config["CONNECTORS_FILE"] = str(path)
        return str(path)

    return _configure


@pytest.fixture
def sync(app):
    """Run `insight-service sync ARGS` and return the click result."""
    def _sync(*args: str):
        return app.test_cli_runner().invoke(args=["sync", *args])
    return _sync


def count(session, model, **where) -> int:
    """Rows of a model (a fresh read, so commits by other sessions are seen)."""
    session.rollback()
    session.expire_all()
    query = select(func.count()).select_from(model)
    for column, value in where.items():
        query = query.where(getattr(model, column) == value)
    return session.scalar(query)


def runs(session, name: str) -> list[SyncRun]:
    """A connector's runs, oldest first."""
    session.rollback()
    session.expire_all()
    return list(session.scalars(select(SyncRun).where(SyncRun.connector == name).order_by(SyncRun.id)))


HUBSPOT = """
[connectors.hubspot-main]
kind = "hubspot"
base_url = "BASE"
max_retries = 0
batch_size = 2
[connectors.hubspot-main.options]
objects = ["contacts", "deals"]
[connectors.hubspot-main.secrets]
access_token = "env:HUBSPOT_TOKEN"
"""


def serve_hubspot(httpserver) -> None:
    """HubSpot: two pages of contacts and one of deals from the epoch; nothing newer after that."""
    def search(request):
        body = request.get_json()
        if body["filterGroups"][0]["filters"][0]["value"] != "0":
            return json_response({"total": 0, "results": []})
        if request.path.endswith("/contacts/search"):
            return json_response(wire("hubspot", "contacts_2" if body.get("after") else "contacts_1"))
        return json_response(wire("hubspot", "deals_1"))

    for obj in ("contacts", "deals"):
        httpserver.expect_request(f"/crm/v3/objects/{obj}/search", method="POST").respond_with_handler(search)
    httpserver.expect_request("/crm/v4/associations/deals/contacts/batch/read", method="POST"
                              ).respond_with_json(wire("hubspot", "deal_contacts"))
    httpserver.expect_request("/crm/v4/associations/deals/line_items/batch/read", method="POST"
                              ).respond_with_json(wire("hubspot", "deal_line_items"), status=207)
    httpserver.expect_request("/crm/v3/objects/line_items/batch/read", method="POST"
                              ).respond_with_json(wire("hubspot", "line_items"))
    httpserver.expect_request("/account-info/v3/details").respond_with_json(wire("hubspot", "account_info"))


def test_hubspot_sync_lands_customers_and_purchases_and_resumes(httpserver, configure, sync, session):
    configure(HUBSPOT)
    serve_hubspot(httpserver)
    result = sync("hubspot-main")
    assert result.exit_code == 0, result.output
    assert "hubspot-main: run 1 ok: pages 3, batches 3, records 6" in result.output
    # placeholder phones and e-mails are dropped with warnings: every contact is stored
    assert "customer 3 new, 0 updated, 0 unchanged, 0 suppressed, 0 quarantined, 3 with warnings" in result.output
    # a won deal without lines is one purchase of its amount; one without an amount either is counted as skipped
    assert "purchase 3 new" in result.output and "skipped 1 won deals without line items or amount" in result.output
    assert count(session, Customer, source="hubspot") == 3 and count(session, Purchase, source="hubspot") == 3
    bought = session.scalars(select(Purchase)).all()
    assert {p.customer_id for p in bought} == set(session.scalars(select(Customer.id).where(
        Customer.external_id.in_(["151", "152"]))))
    assert {p.currency for p in bought} == {"USD"}  # the portal's company currency
    state = session.get(SyncState, "hubspot-main")
    assert state.state == {"contacts": "2024-01-17T12:00:00+00:00", "deals": "2024-02-02T09:00:00+00:00"}
    assert (state.last_status, state.last_error) == ("ok", None)
    assert state.counts["kinds"]["customer"]["created"] == 3 and state.counts["records"] == 6
    assert state.counts["skipped"] == {"won deals without line items or amount": 1}

    httpserver.clear_log()
    assert sync("hubspot-main").exit_code == 0
    assert count(session, Customer) == 3 and count(session, Purchase) == 3
    sent = [json.loads(request.data)["filterGroups"][0]["filters"][0]["value"] for request, _ in httpserver.log]
    assert sent and "0" not in sent  # the second run asked only for what changed since the saved state
    assert [r.status for r in runs(session, "hubspot-main")] == ["ok", "ok"]


TWITTER = """
[connectors.x-mentions]
kind = "twitter"
base_url = "BASE"
max_retries = 0
[connectors.x-mentions.options]
query = "koffiehuis"
[connectors.x-mentions.secrets]
bearer_token = "env:TWITTER_TOKEN"
"""


def test_twitter_sync_lands_feedback_and_keeps_since_id(httpserver, configure, sync, session):
    configure(TWITTER)
    token = wire("twitter", "search_1")["meta"]["next_token"]
    httpserver.expect_request("/2/tweets/search/recent", query_string={"query": "koffiehuis", "max_results": "100",
        "expansions": "author_id", "tweet.fields": "created_at,author_id,lang,note_tweet",
        "user.fields": "username,name", "next_token": token}).respond_with_json(wire("twitter", "search_2_partial_errors"))
    httpserver.expect_request("/2/tweets/search/recent").respond_with_json(wire("twitter", "search_1"))
    assert sync("x-mentions").exit_code == 0
    stored = count(session, Feedback, source="twitter")
    assert stored == len(wire("twitter", "search_1")["data"]) + 1
    assert session.get(SyncState, "x-mentions").state == {"since_id": "1790000000000000003"}

    httpserver.clear()
    httpserver.expect_request("/2/tweets/search/recent").respond_with_json(wire("twitter", "empty"))
    result = sync("x-mentions")
    assert result.exit_code == 0
    # the saved since_id (a post of May 2024) is older than the 7-day window today: the run reads from
    # start_time instead of failing with a 400 on every run, and says so
    assert "since_id" not in httpserver.log[0][0].args and httpserver.log[0][0].args["start_time"]
    assert "older than the 7-day recent-search window" in result.output
    assert "older than the 7-day" in runs(session, "x-mentions")[-1].counts["notes"][0]
    assert count(session, Feedback) == stored


ZENDESK = """
[connectors.zendesk-support]
kind = "zendesk"
base_url = "BASE"
max_retries = 0
batch_size = 1
[connectors.zendesk-support.secrets]
email = "env:ZENDESK_EMAIL"
api_token = "env:ZENDESK_TOKEN"
"""


@pytest.fixture
def zendesk(configure, monkeypatch):
    """A Zendesk connector with batches of one ticket."""
    monkeypatch.setenv("ZENDESK_EMAIL", "ops@koffiehuis.nl")
    configure(ZENDESK)


def test_source_error_after_a_committed_batch_resumes_without_loss_or_duplicates(
        httpserver, zendesk, sync, session, caplog):
    caplog.set_level(logging.DEBUG)
    httpserver.expect_request(ZENDESK_PATH, query_string={"include": "users", "exclude_deleted": "true",
                                                          "per_page": "1000", "cursor": CURSOR_1}
                              ).respond_with_json(wire("zendesk", "unauthorized"), status=401)
    httpserver.expect_request(ZENDESK_PATH).respond_with_json(wire("zendesk", "tickets_1"))
    result = sync("zendesk-support")
    assert result.exit_code == 1
    [run] = runs(session, "zendesk-support")
    assert run.status == "failed" and run.finished_at is not None
    assert run.error == f"zendesk-support: HTTP 401 {ZENDESK_PATH}: Couldn't authenticate you"
    assert run.counts["kinds"]["feedback"]["created"] == 2 and run.counts["batches"] == 2
    state = session.get(SyncState, "zendesk-support")
    assert (state.state, state.last_status, state.last_error) == ({"cursor": CURSOR_1}, "failed", run.error)
    assert count(session, Feedback, source="zendesk") == 2
    for text in (caplog.text, result.output, run.error):
        assert ZENDESK_TOKEN not in text and "ops@koffiehuis.nl" not in text

    httpserver.clear()
    httpserver.expect_request(ZENDESK_PATH, query_string={"include": "users", "exclude_deleted": "true",
                                                          "per_page": "1000", "cursor": CURSOR_1}
                              ).respond_with_json(wire("zendesk", "tickets_2_end"))
    assert sync("zendesk-support").exit_code == 0
    ids = session.scalars(select(Feedback.external_id).where(Feedback.source == "zendesk")).all()
    assert sorted(ids) == sorted({"4044", "4045", *[str(t["id"]) for t in wire("zendesk", "tickets_2_end")["tickets"]]})
    assert session.get(SyncState, "zendesk-support").state == {"cursor": CURSOR_2}


def test_a_batch_that_fails_to_store_is_fetched_again(httpserver, zendesk, sync, session, monkeypatch, caplog):
    from insight_service.services.ingest import sync as sync_service

    real, calls = sync_service.ingest_mixed, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("boom on eva.mulder@example.nl")  # a message with personal data in it
        return real(*args, **kwargs)

    monkeypatch.setattr(sync_service, "ingest_mixed", flaky)
    httpserver.expect_request(ZENDESK_PATH, query_string={"include": "users", "exclude_deleted": "true",
                                                          "per_page": "1000", "cursor": CURSOR_1}
                              ).respond_with_json(wire("zendesk", "tickets_2_end"))
    httpserver.expect_request(ZENDESK_PATH).respond_with_json(wire("zendesk", "tickets_1"))
    assert sync("zendesk-support").exit_code == 1
    [run] = runs(session, "zendesk-support")
    assert run.error.startswith("internal error (RuntimeError at test_sync.py:") and "eva" not in caplog.text
    assert count(session, Feedback) == 1 and session.get(SyncState, "zendesk-support").state is None

    assert sync("zendesk-support").exit_code == 0
    total = 2 + len(wire("zendesk", "tickets_2_end")["tickets"])
    assert count(session, Feedback) == total == count(session, Feedback, source="zendesk")
    assert runs(session, "zendesk-support")[-1].counts["kinds"]["feedback"]["unchanged"] == 1


def test_a_second_runner_is_refused_while_a_sync_job_is_queued(app, zendesk, sync, session):
    from insight_service.jobs import submit

    submit(app, "sync", {"connector": "zendesk-support"})
    result = sync("zendesk-support")
    assert result.exit_code == 1 and "zendesk-support: already running; skipped" in result.output
    assert runs(session, "zendesk-support") == []
    assert sync("--all").exit_code == 0  # --all skips what is running


def test_a_run_left_running_by_a_dead_worker_is_marked_interrupted(app, httpserver, zendesk, sync, session):
    from insight_service.services.ingest.sync import begin_run

    httpserver.expect_request(ZENDESK_PATH).respond_with_json(wire("zendesk", "empty_end"))
    crashed = begin_run(session, "zendesk-support")  # its worker died before finishing it
    session.commit()
    assert sync("zendesk-support").exit_code == 0
    first, second = runs(session, "zendesk-support")
    assert first.id == crashed.id and first.status == "failed" and first.error.startswith("interrupted")
    assert second.status == "ok"
    assert [(j.kind, j.status, j.active_key) for j in session.scalars(select(Job))] == [("sync", "finished", None)]


def test_files_sync_of_a_csv_with_a_bad_row(configure, sync, session, tmp_path):
    csv = tmp_path / "orders.csv"
    csv.write_text("line,order,mail,sku,amount,at\n"
                   "L1,O1,anna@example.nl,KB-200,19.95,2026-01-05T10:00:00+00:00\n"
                   "L2,O1,anna@example.nl,KB-201,5.00,2026-01-05T10:00:00+00:00\n"
                   "L3,O2,bram@example.com,KB-200,,2026-01-06T10:00:00+00:00\n"
                   "L4,O3,chris@example.org,KB-300,42.00,2026-01-07T10:00:00+00:00\n")
    configure(f"""
[connectors.webshop-orders]
kind = "files"
[connectors.webshop-orders.options]
path = "{csv}"
kind = "purchase"
chunk_size = 3
defaults = {{source = "webshop"}}
mapping = {{external_id = "line", order_id = "order", customer_email = "mail", sku = "sku", amount = "amount", purchased_at = "at"}}
""")
    result = sync("webshop-orders")
    assert result.exit_code == 0, result.output
    assert "purchase 3 new" in result.output and "1 quarantined" in result.output
    assert count(session, Purchase, source="webshop") == 3
    assert runs(session, "webshop-orders")[0].counts["kinds"]["purchase"]["quarantined"] == 1
    assert sync("webshop-orders").exit_code == 0  # the file is marked done: nothing is read again
    assert runs(session, "webshop-orders")[-1].counts["records"] == 0 and count(session, Purchase) == 3


def test_usage_errors(configure, sync):
    configure(ZENDESK)
    assert sync().exit_code == 2 and sync("zendesk-support", "--all").exit_code == 2
    assert "no connector named 'nope'; configured: zendesk-support" in sync("nope").output
    assert "environment variable ZENDESK_EMAIL is not set" in sync("zendesk-support").output


def test_a_tick_submits_due_connectors_and_the_purge_once_per_period(app, httpserver, zendesk, session, ingest_into,
                                                                    run_jobs):
    from insight_service.jobs.schedules import tick

    old = (utcnow() - timedelta(days=31 * 30)).isoformat()
    ingest_into("feedback", [{"source": "forum", "external_id": "f1", "channel": "forum", "party": "third",
                              "text": "Oude klacht over de molen", "posted_at": old}])
    httpserver.expect_request(ZENDESK_PATH).respond_with_json(wire("zendesk", "empty_end"))
    with app.app_context():
        assert sorted(tick(app)["submitted"]) == ["purge", "sync:zendesk-support"]
        assert tick(app)["submitted"] == []  # queued already
        assert run_jobs() == 2
        assert tick(app)["submitted"] == []  # neither is due again yet
    session.rollback()
    assert session.scalar(select(Feedback.text).where(Feedback.external_id == "f1")) is None
    assert [r.status for r in runs(session, "zendesk-support")] == ["ok"]
    jobs = {j.kind: j for j in session.scalars(select(Job))}
    assert jobs["purge"].status == "finished" and jobs["purge"].result["deidentified"] == 1
    assert jobs["sync"].status == "finished" and jobs["sync"].attempts == 1


def test_purge_command(app, ingest_into, session):
    old = (utcnow() - timedelta(days=365 * 3)).isoformat()
    ingest_into("feedback", [{"source": "forum", "external_id": "f2", "channel": "forum", "party": "third",
                              "text": "Lang geleden", "posted_at": old}])
    result = app.test_cli_runner().invoke(args=["purge"])
    assert result.exit_code == 0 and result.output.startswith("de-identified 1 items posted before")


def test_a_run_whose_job_was_handed_over_stops_without_touching_the_new_owner(app, httpserver, zendesk, session):
    from insight_service import db
    from insight_service.jobs import JobFailed, submit
    from insight_service.jobs.engine import huey
    from insight_service.jobs.registry import kind_of
    from insight_service.jobs.runner import attempt
    from insight_service.services.jobs import records as jobs_service

    httpserver.expect_request(ZENDESK_PATH).respond_with_json(wire("zendesk", "tickets_1"))
    with app.app_context():
        job_id = submit(app, "sync", {"connector": "zendesk-support"}).id
        with db.fresh_session() as sess:
            slow = jobs_service.claim(sess, job_id)
        with db.fresh_session() as sess:  # its heartbeat stopped, so the reaper handed the job over...
            assert jobs_service.hand_over(sess, sess.get(Job, job_id)) == "queued"
        with db.fresh_session() as sess:
            fast = jobs_service.claim(sess, job_id)  # ...and another worker took it
        with pytest.raises(JobFailed, match="the job was handed to another worker"):
            attempt(app, huey(app), kind_of("sync"), slow, final=True)
    session.rollback()
    job = session.get(Job, job_id)
    assert (job.status, job.token, job.attempts) == ("running", fast.token, 2)  # the new owner's, untouched
    assert session.get(SyncState, "zendesk-support").state is None and count(session, Feedback) == 0
