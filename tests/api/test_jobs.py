"""Job routes: operators list queued, running, failed and finished jobs, and retry a failed one."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

PAGES = Path(__file__).resolve().parent.parent / "connectors" / "pages"
TOKEN = "zd-api-jobs-secret-9393"
PATH = "/api/v2/incremental/tickets/cursor.json"


@pytest.fixture
def zendesk(app, httpserver, tmp_path, monkeypatch):
    """A Zendesk connector aimed at the test server, with a secret that must never show."""
    monkeypatch.setenv("ZENDESK_API_TOKEN", TOKEN)
    path = tmp_path / "connectors.toml"
    path.write_text(f"""
[connectors.zendesk-support]
kind = "zendesk"
base_url = "{httpserver.url_for("/").rstrip("/")}"
max_retries = 0
[connectors.zendesk-support.secrets]
access_token = "env:ZENDESK_API_TOKEN"
""")
    app.config["CONNECTORS_FILE"] = str(path)


def wire(name: str) -> dict:
    """A Zendesk wire-format page."""
    return json.loads((PAGES / "zendesk" / f"{name}.json").read_text())


def fail_for_good(app, session, job_id: int) -> None:
    """Spend the job's remaining attempts at once (as if its back-off had passed each time)."""
    from insight_service.jobs.engine import huey

    engine = huey(app)
    while waiting := engine.scheduled():  # the retries waiting for their back-off: run them now
        engine.storage.flush_schedule()
        for task in waiting:
            task.eta = None
            engine.execute(task)
    session.rollback()


def test_jobs_list_shows_kind_connector_attempts_error_and_timings(app, client, auth, zendesk, httpserver, run_jobs,
                                                                   check_response, caplog, session):
    httpserver.expect_request(PATH).respond_with_json(wire("unauthorized"), status=401)
    started = client.post("/api/v1/connectors/zendesk-support/sync", headers=auth()).json
    queued = check_response(client.get("/api/v1/jobs", headers=auth()), "get", "/api/v1/jobs").json
    assert [(j["kind"], j["connector"], j["status"], j["attempts"]) for j in queued["items"]] == [
        ("sync", "zendesk-support", "queued", 0)]
    run_jobs()
    job = check_response(client.get(f"/api/v1/jobs/{started['job_id']}", headers=auth()), "get",
                         "/api/v1/jobs/{job_id}").json
    assert (job["status"], job["attempts"], job["max_attempts"]) == ("retrying", 1, 3)
    assert job["started_at"] and job["finished_at"] and "HTTP 401" in job["last_error"]
    assert client.get("/api/v1/jobs?status=retrying&kind=sync", headers=auth()).json["total"] == 1
    assert client.get("/api/v1/jobs?status=finished", headers=auth()).json["total"] == 0
    everything = client.get("/api/v1/jobs", headers=auth()).get_data(as_text=True) + caplog.text
    assert TOKEN not in everything


def test_a_failed_job_is_retried_and_a_job_that_did_not_fail_is_not(app, client, auth, zendesk, httpserver,
                                                                   run_jobs, session, check_response):
    httpserver.expect_request(PATH).respond_with_json(wire("unauthorized"), status=401)
    job_id = client.post("/api/v1/connectors/zendesk-support/sync", headers=auth()).json["job_id"]
    conflict = client.post(f"/api/v1/jobs/{job_id}/retry", headers=auth())
    assert conflict.status_code == 409 and conflict.mimetype == "application/problem+json"
    assert "only a failed job" in conflict.json["detail"]
    run_jobs()
    fail_for_good(app, session, job_id)
    failed = client.get(f"/api/v1/jobs/{job_id}", headers=auth()).json
    assert (failed["status"], failed["attempts"]) == ("failed", 3)
    # the connector is free again: a new sync could start, and so can the retry
    httpserver.clear()
    httpserver.expect_request(PATH).respond_with_json(wire("empty_end"))
    retried = client.post(f"/api/v1/jobs/{job_id}/retry", headers=auth())
    check_response(retried, "post", "/api/v1/jobs/{job_id}/retry")
    assert retried.status_code == 202 and retried.json["status"] == "queued"
    assert client.post("/api/v1/connectors/zendesk-support/sync", headers=auth()).status_code == 409
    assert run_jobs() == 1
    done = client.get(f"/api/v1/jobs/{job_id}", headers=auth()).json
    assert (done["status"], done["attempts"], done["last_error"]) == ("finished", 4, None)


def test_job_routes_are_for_admins_and_unknown_jobs_are_404(client, auth):
    assert client.get("/api/v1/jobs", headers=auth("crm")).status_code == 403
    assert client.post("/api/v1/jobs/1/retry", headers=auth("rnd")).status_code == 403
    assert client.get("/api/v1/jobs/99", headers=auth()).status_code == 404
    assert client.post("/api/v1/jobs/99/retry", headers=auth()).status_code == 404
    assert client.get("/api/v1/jobs?status=lost", headers=auth()).status_code == 422
