"""Connector routes: the list without secrets, a sync job (202, then its run), 409, 404, run paging."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from insight_service.models import Feedback, Job, SyncRun

PAGES = Path(__file__).resolve().parent.parent / "connectors" / "pages"
TOKEN = "zd-api-test-secret-4242"
PATH = "/api/v2/incremental/tickets/cursor.json"
CONFIG = """
[connectors.zendesk-support]
kind = "zendesk"
base_url = "BASE"
schedule = "every 15m"
max_retries = 0
[connectors.zendesk-support.secrets]
access_token = "env:ZENDESK_API_TOKEN"

[connectors.reviews]
kind = "files"
schedule = "manual"
[connectors.reviews.options]
path = "/nowhere/reviews.csv"
kind = "feedback"
"""


def wire(name: str) -> dict:
    """A Zendesk wire-format page."""
    return json.loads((PAGES / "zendesk" / f"{name}.json").read_text())


@pytest.fixture
def connectors_file(app, httpserver, tmp_path, monkeypatch):
    """Configure a Zendesk connector aimed at the test server and a files connector."""
    monkeypatch.setenv("ZENDESK_API_TOKEN", TOKEN)
    path = tmp_path / "connectors.toml"
    path.write_text(CONFIG.replace("BASE", httpserver.url_for("/").rstrip("/")))
    app.config["CONNECTORS_FILE"] = str(path)
    return path


@pytest.fixture
def finished_run(app, run_jobs):
    """Run the queued jobs as a consumer would, then read a run."""
    def _finished(run_id: int) -> SyncRun:
        from insight_service import db

        run_jobs()
        with app.app_context(), db.fresh_session() as sess:
            return sess.get(SyncRun, run_id)

    return _finished


def test_list_shows_configured_connectors_without_secrets(client, auth, connectors_file, check_response):
    response = check_response(client.get("/api/v1/connectors", headers=auth()), "get", "/api/v1/connectors")
    assert response.status_code == 200
    items = {item["name"]: item for item in response.json["items"]}
    assert items["zendesk-support"] | {"next_run_at": None} == {
        "name": "zendesk-support", "kind": "zendesk", "schedule": "every 15m", "batch_size": 500,
        "secrets": ["access_token"], "running": False, "next_run_at": None, "last_run_at": None,
        "last_status": None, "last_error": None, "counts": None, "state": None, "writeback": None}
    assert items["zendesk-support"]["next_run_at"] is not None and items["reviews"]["next_run_at"] is None
    assert TOKEN not in response.get_data(as_text=True) and "ZENDESK_API_TOKEN" not in response.get_data(as_text=True)


def test_sync_is_queued_as_a_job_and_its_run_shows_up(app, client, auth, httpserver, connectors_file,
                                                       check_response, session, finished_run):
    httpserver.expect_request(PATH, query_string={"include": "users", "exclude_deleted": "true",
                                                  "per_page": "1000", "cursor": wire("tickets_1")["after_cursor"]}
                              ).respond_with_json(wire("tickets_2_end"))
    httpserver.expect_request(PATH).respond_with_json(wire("tickets_1"))
    response = client.post("/api/v1/connectors/zendesk-support/sync", headers=auth())
    check_response(response, "post", "/api/v1/connectors/{name}/sync")
    assert response.status_code == 202 and response.json["status"] == "queued"
    assert session.get(SyncRun, response.json["run_id"]).status == "queued"  # nothing runs in the request
    session.rollback()
    run = finished_run(response.json["run_id"])
    assert run.status == "ok" and run.counts["kinds"]["feedback"]["created"] == 3
    assert len(session.scalars(select(Feedback)).all()) == 3

    listed = client.get("/api/v1/connectors/zendesk-support/runs", headers=auth())
    check_response(listed, "get", "/api/v1/connectors/{name}/runs")
    assert listed.json["total"] == 1 and listed.json["items"][0]["id"] == run.id
    assert listed.json["items"][0]["counts"]["records"] == 3
    [item] = [i for i in client.get("/api/v1/connectors", headers=auth()).json["items"] if i["kind"] == "zendesk"]
    assert item["last_status"] == "ok" and item["state"] == {"cursor": wire("tickets_2_end")["after_cursor"]}


def test_a_failed_background_run_records_the_error_without_the_secret(app, client, auth, httpserver,
                                                                      connectors_file, caplog, finished_run):
    httpserver.expect_request(PATH).respond_with_json(wire("unauthorized"), status=401)
    response = client.post("/api/v1/connectors/zendesk-support/sync", headers=auth())
    run = finished_run(response.json["run_id"])
    assert run.status == "failed" and run.error == f"zendesk-support: HTTP 401 {PATH}: Couldn't authenticate you"
    listed = client.get("/api/v1/connectors", headers=auth()).get_data(as_text=True)
    assert "Couldn't authenticate you" in listed and TOKEN not in listed and TOKEN not in caplog.text
    job = client.get(f"/api/v1/jobs/{response.json['job_id']}", headers=auth()).json
    assert job["status"] == "retrying" and job["attempts"] == 1 and "Couldn't authenticate you" in job["last_error"]
    assert client.post("/api/v1/connectors/zendesk-support/sync", headers=auth()).status_code == 409


def test_conflict_while_queued_and_not_found(app, client, auth, connectors_file, session):
    assert client.post("/api/v1/connectors/zendesk-support/sync", headers=auth()).status_code == 202
    response = client.post("/api/v1/connectors/zendesk-support/sync", headers=auth())
    assert response.status_code == 409 and "already queued or running" in response.json["detail"]
    assert response.mimetype == "application/problem+json"
    assert client.get("/api/v1/connectors", headers=auth()).json["items"][0]["running"] is True
    assert client.post("/api/v1/connectors/nope/sync", headers=auth()).status_code == 404
    assert client.get("/api/v1/connectors/nope/runs", headers=auth()).status_code == 404


def test_only_one_of_two_simultaneous_starts_wins(app, auth, httpserver, connectors_file, finished_run, session):
    from tests.reliability.test_concurrency import together

    httpserver.expect_request(PATH).respond_with_json(wire("empty_end"))
    headers = auth()
    answers = together(*[lambda: app.test_client().post("/api/v1/connectors/zendesk-support/sync", headers=headers)
                         for _ in range(2)])
    assert sorted(a.status_code for a in answers) == [202, 409]
    winner = next(a for a in answers if a.status_code == 202)
    assert finished_run(winner.json["run_id"]).status == "ok"
    assert [j.status for j in session.scalars(select(Job))] == ["finished"]


def test_runs_are_paged_newest_first(app, client, auth, connectors_file):
    from insight_service import db
    from insight_service.models import utcnow

    with app.app_context(), db.fresh_session() as sess:
        sess.add_all(SyncRun(connector="reviews", status="ok", started_at=utcnow(), counts=None) for _ in range(3))
    page = client.get("/api/v1/connectors/reviews/runs?limit=2&offset=0", headers=auth()).json
    assert page["total"] == 3 and [item["id"] for item in page["items"]] == [3, 2]
    assert client.get("/api/v1/connectors/reviews/runs?limit=0", headers=auth()).status_code == 422


def test_an_invalid_connectors_file_is_a_problem_naming_connector_and_key(app, client, auth, tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('[connectors.x]\nkind = "myspace"\n')
    app.config["CONNECTORS_FILE"] = str(path)
    response = client.get("/api/v1/connectors", headers=auth())
    assert response.status_code == 500 and "connector 'x', key 'kind'" in response.json["detail"]


def test_a_queued_sync_whose_connector_was_removed_fails_its_run_and_job(app, client, auth, connectors_file,
                                                                       finished_run, session):
    started = client.post("/api/v1/connectors/reviews/sync", headers=auth()).json
    connectors_file.write_text("")  # the operator removed the connector before a worker got to it
    run = finished_run(started["run_id"])
    assert run.status == "failed" and run.error == "no connector named 'reviews' is configured"
    job = session.get(Job, started["job_id"])
    assert job.status == "retrying" and job.last_error == run.error
