"""Write-back routes, CLI and schedule: a job per request (202, then its run), 409, 404, failures, the tick."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug import Response

from insight_service.models import WritebackRun
from tests.records import make_customer, make_feedback

PAGES = Path(__file__).resolve().parent.parent / "connectors" / "pages"
TOKEN = "pat-eu1-writeback-api-secret-7777"
UPDATE = "/crm/v3/objects/contacts/batch/update"
CONFIG = """
[connectors.hubspot-main]
kind = "hubspot"
base_url = "BASE"
schedule = "manual"
max_retries = 0
[connectors.hubspot-main.secrets]
access_token = "env:HUBSPOT_TOKEN"
[connectors.hubspot-main.writeback]
enabled = true
schedule = "every 1h"

[connectors.salesforce-main]
kind = "salesforce"
schedule = "manual"
[connectors.salesforce-main.options]
instance_url = "https://acme.my.salesforce.com"
[connectors.salesforce-main.secrets]
access_token = "env:SALESFORCE_TOKEN"
"""


def wire(folder: str, name: str):
    """A wire-format body from tests/connectors/pages."""
    return json.loads((PAGES / folder / f"{name}.json").read_text())


@pytest.fixture
def hubspot(app, httpserver, tmp_path, monkeypatch, ingest_into):
    """Two HubSpot contacts with feedback, a connectors file aimed at the test server; 103 is not in HubSpot."""
    monkeypatch.setenv("HUBSPOT_TOKEN", TOKEN)
    path = tmp_path / "connectors.toml"
    path.write_text(CONFIG.replace("BASE", httpserver.url_for("/").rstrip("/")))
    app.config["CONNECTORS_FILE"] = str(path)
    ingest_into("customer", [make_customer(ext, source="hubspot") for ext in ("101", "103")])
    ingest_into("feedback", [make_feedback(f"f{ext}", author={"email": f"klant.{ext}@mailbox.nl"})
                             for ext in ("101", "103")])
    httpserver.expect_request("/crm/v3/properties/contacts/groups", method="POST").respond_with_json(
        wire("hubspot_writeback", "property_group"), status=201)
    httpserver.expect_request("/crm/v3/properties/contacts", method="POST").respond_with_json(
        wire("hubspot_writeback", "property_created"), status=201)
    httpserver.expect_request(UPDATE, method="POST").respond_with_response(Response(
        json.dumps(wire("hubspot_writeback", "batch_update_207")), status=207, content_type="application/json"))
    return httpserver


def test_start_runs_a_job_and_the_runs_and_failures_show_it(client, auth, hubspot, run_jobs, check_response):
    started = client.post("/api/v1/connectors/hubspot-main/writeback", headers=auth("admin"))
    check_response(started, "post", "/api/v1/connectors/{name}/writeback")
    assert started.status_code == 202 and started.json["status"] == "queued"
    again = client.post("/api/v1/connectors/hubspot-main/writeback", headers=auth("admin"))
    assert again.status_code == 409 and again.content_type == "application/problem+json"
    run_jobs()
    runs = client.get("/api/v1/connectors/hubspot-main/writeback/runs", headers=auth("admin"))
    check_response(runs, "get", "/api/v1/connectors/{name}/writeback/runs")
    run = runs.json["items"][0]
    assert run["id"] == started.json["run_id"] and run["status"] == "ok"
    assert run["counts"]["written"] == 1 and run["counts"]["failed"] == 1
    assert run["counts"]["reasons"] == {"OBJECT_NOT_FOUND": 1}
    failures = client.get("/api/v1/connectors/hubspot-main/writeback/failures", headers=auth("admin"))
    check_response(failures, "get", "/api/v1/connectors/{name}/writeback/failures")
    assert failures.json["total"] == 1 and failures.json["items"][0]["error"] == "OBJECT_NOT_FOUND"
    assert TOKEN not in runs.get_data(as_text=True) + failures.get_data(as_text=True)
    listed = client.get("/api/v1/connectors", headers=auth("admin"))
    check_response(listed, "get", "/api/v1/connectors")
    summary = {c["name"]: c["writeback"] for c in listed.json["items"]}
    assert summary["salesforce-main"] is None
    assert summary["hubspot-main"] == {
        "enabled": True, "schedule": "every 1h", "tasks": False, "running": False, "last_status": "ok",
        "last_error": None, "last_run_at": summary["hubspot-main"]["last_run_at"],
        "fields": ["sentiment", "risk_level", "top_pain_point", "last_complaint_date"]}


@pytest.mark.parametrize("name, status", [("salesforce-main", 409), ("nowhere", 404)])
def test_problems_for_a_connector_without_writeback_or_unknown(client, auth, hubspot, name, status):
    response = client.post(f"/api/v1/connectors/{name}/writeback", headers=auth("admin"))
    assert response.status_code == status and response.content_type == "application/problem+json"
    if status == 409:
        assert response.json["errors"] == [{"field": "name",
                                            "message": "no enabled [connectors.NAME.writeback] table"}]


def test_only_admins_start_it(client, auth, hubspot):
    response = client.post("/api/v1/connectors/hubspot-main/writeback", headers=auth("crm"))
    assert response.status_code == 403 and response.content_type == "application/problem+json"


def test_the_cli_runs_it_as_a_job(app, hubspot, session):
    result = app.test_cli_runner().invoke(args=["writeback", "hubspot-main"])
    assert result.exit_code == 0, result.output
    assert "written 1" in result.output and "failed 1" in result.output and "OBJECT_NOT_FOUND" in result.output
    assert session.query(WritebackRun).one().status == "ok"
    refused = app.test_cli_runner().invoke(args=["writeback", "salesforce-main"])
    assert refused.exit_code != 0 and "write-back is not enabled" in refused.output


def test_the_tick_submits_a_due_writeback_once(app, hubspot):
    from insight_service.jobs.schedules import tick

    with app.app_context():
        first = tick(app)["submitted"]
        second = tick(app)["submitted"]
    assert "writeback:hubspot-main" in first and "sync:hubspot-main" not in first  # the sync is manual
    assert "writeback:hubspot-main" not in second  # queued already
