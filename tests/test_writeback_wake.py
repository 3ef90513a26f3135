"""A committed privacy change queues the CRM write-back at once, so what we wrote of the person is cleared now."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from insight_service.models import Job, WritebackRun
from insight_service.services.outbound.writeback import run_writeback
from tests.services.outbound.test_writeback import (  # noqa: F401 - the write-back world and wire formats
    HUBSPOT_WB, NOW, TOKEN, UPDATE, hubspot_setup, inputs, ok_for_inputs, rows, world, writer_of)


@pytest.fixture
def hubspot_file(app, httpserver, tmp_path, monkeypatch):
    """A connectors.toml with a HubSpot connector whose write-back is enabled, aimed at the test server."""
    from insight_service.connector_config import configured

    monkeypatch.setenv("HUBSPOT_TOKEN", TOKEN)
    path = tmp_path / "connectors.toml"
    path.write_text(f'[connectors.hubspot-main]\nkind = "hubspot"\nbase_url = "{httpserver.url_for("/").rstrip("/")}"\n'
                    f'max_retries = 2\n[connectors.hubspot-main.secrets]\naccess_token = "env:HUBSPOT_TOKEN"\n'
                    f'[connectors.hubspot-main.writeback]\nenabled = true\n{HUBSPOT_WB}\npurpose = "marketing"\n')
    app.config["CONNECTORS_FILE"] = str(path)
    return configured(app.config)["hubspot-main"]


@pytest.fixture
def written(session, world, hubspot_file, httpserver):
    """A first write-back run has written the three HubSpot contacts."""
    hubspot_setup(httpserver)
    httpserver.expect_request(UPDATE, method="POST").respond_with_handler(ok_for_inputs)
    run = run_writeback(session, hubspot_file, writer=writer_of(hubspot_file), now=NOW)
    session.commit()
    assert run.counts["written"] == 3
    return rows(session)


def _writeback_jobs(session) -> list[Job]:
    session.expire_all()
    return list(session.scalars(select(Job).where(Job.kind == "writeback")))


def test_a_withdrawal_clears_the_crm_fields_without_waiting_for_the_schedule(client, auth, session, written,
                                                                            httpserver, run_jobs):
    bram = written["102"]
    response = client.post(f"/api/v1/customers/{bram.customer_id}/consents", headers=auth("crm"),
                           json={"purpose": "marketing", "status": "withdrawn"})
    assert response.status_code == 201
    [job] = _writeback_jobs(session)
    assert job.params["connector"] == "hubspot-main"
    run_jobs()
    assert inputs(httpserver)["102"] and set(inputs(httpserver)["102"].values()) == {""}
    assert rows(session)["102"].written == {}
    assert session.scalar(select(WritebackRun).where(WritebackRun.id == job.params["run_id"])).status == "ok"


def test_an_erasure_clears_them_and_leaves_nothing_of_the_person(client, auth, session, written, httpserver,
                                                                 run_jobs):
    anna = written["101"]
    response = client.delete(f"/api/v1/customers/{anna.customer_id}", headers=auth("admin"))
    assert response.status_code == 200, response.get_json()
    assert len(_writeback_jobs(session)) == 1
    run_jobs()
    assert set(inputs(httpserver)["101"].values()) == {""}
    assert "101" not in rows(session)


def test_a_grant_or_a_customer_without_written_fields_queues_nothing(client, auth, session, written, world):
    bram = written["102"]
    response = client.post(f"/api/v1/customers/{bram.customer_id}/consents", headers=auth("crm"),
                           json={"purpose": "testimonial", "status": "granted"})
    assert response.status_code == 201  # a grant takes nothing away: the scheduled run writes what it adds
    dirk = client.get("/api/v1/customers?crm_id=" + "0035g00000AbCdEAAZ", headers=auth("crm")).get_json()["items"]
    response = client.post(f"/api/v1/customers/{dirk[0]['id']}/consents", headers=auth("crm"),
                           json={"purpose": "marketing", "status": "withdrawn"})
    assert response.status_code == 201  # a Salesforce contact: nothing was written for them by this connector
    assert _writeback_jobs(session) == []


def test_a_rolled_back_change_queues_nothing(app, session, written):
    from insight_service.services.privacy.consent_changes import append_consent

    append_consent(session, written["102"].customer_id, "marketing", "withdrawn", "crm")
    session.rollback()
    session.commit()
    assert _writeback_jobs(session) == []


def test_a_second_change_while_a_run_is_queued_adds_no_job(client, auth, session, written):
    for who in ("101", "102"):
        response = client.post(f"/api/v1/customers/{written[who].customer_id}/consents", headers=auth("crm"),
                               json={"purpose": "marketing", "status": "withdrawn"})
        assert response.status_code == 201
    assert len(_writeback_jobs(session)) == 1  # the queued run recomputes both under current consent


def test_a_broken_connectors_file_keeps_the_change_and_says_why(app, client, auth, session, written, caplog):
    with open(app.config["CONNECTORS_FILE"], "a") as handle:
        handle.write("[connectors.broken\n")
    response = client.post(f"/api/v1/customers/{written['102'].customer_id}/consents", headers=auth("crm"),
                           json={"purpose": "marketing", "status": "withdrawn"})
    assert response.status_code == 201  # the withdrawal stands; the next scheduled run clears
    assert _writeback_jobs(session) == []
    assert "write-back after a privacy change not queued" in caplog.text
