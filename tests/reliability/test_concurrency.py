"""Concurrency: two runners on one connector, one batch sent twice at once, and an erasure racing an ingest.

Threads with their own test clients (so their own app contexts and sessions) start together on a barrier.
On SQLite (WAL, busy timeout) writers queue; on PostgreSQL they really interleave. Either way: no
duplicates, every answer a success or a clear problem document (never a 500), and nothing of an erased
person survives.
"""
from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import func, select, text

from huey.exceptions import TaskLockedException

from insight_service.jobs import JobActive, run_inline
from insight_service.models import Feedback, SyncRun
from tests.leaks import assert_absent, table_dump
from tests.records import make_customer, make_feedback, make_purchase
from tests.reliability.conftest import assert_problem
from tests.reliability.test_connector_faults import EXPECTED, Source, running, stored
from tests.services.fact_checks import assert_in_step

ROUNDS = 4


def together(*calls):
    """Run the calls in threads released at the same moment; their results (or exceptions) in order."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def work(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test to judge
            results[index] = exc

    threads = [threading.Thread(target=work, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


@pytest.fixture
def slow_source():
    """The scripted Zendesk-format source, answering each page after a short pause so runs overlap."""
    server = Source()
    server.faults = {n: ("sleep", 0.05) for n in range(1, 50)}
    with running(server):
        yield server


def test_two_runners_on_one_connector_never_duplicate(app, session, slow_source, tmp_path, monkeypatch):
    from insight_service.connector_config import configured

    monkeypatch.setenv("FAULT_EMAIL", "ops@example.nl")
    monkeypatch.setenv("FAULT_TOKEN", "fault-token-secret-0001")
    path = tmp_path / "connectors.toml"
    path.write_text(f"""
[connectors.faulty]
kind = "zendesk"
base_url = "{slow_source.url}"
batch_size = 1
max_retries = 0
[connectors.faulty.secrets]
email = "env:FAULT_EMAIL"
api_token = "env:FAULT_TOKEN"
""")
    app.config["CONNECTORS_FILE"] = str(path)
    config = configured(app.config)["faulty"]

    def runner():
        with app.app_context():
            run_inline(app, "sync", {"connector": config.name})
            return "ok"

    for _round in range(2):
        results = together(runner, runner)
        assert all(r == "ok" or isinstance(r, (JobActive, TaskLockedException)) for r in results), results
        assert "ok" in results
        assert stored(session) == EXPECTED
    session.rollback()
    assert session.scalar(select(func.count()).select_from(SyncRun).where(SyncRun.status == "running")) == 0


def post_twice(app, url: str, body: dict, headers: dict) -> list:
    """The same request from two clients at once."""
    def send():
        response = app.test_client().post(url, json=body, headers=headers)
        response.close()
        return response

    return together(send, send)


def test_the_same_batch_twice_at_once_is_stored_once(app, session, auth):
    crm = auth("crm")
    for n in range(ROUNDS):
        batches = [("customers", [make_customer(f"P{n}-{i}", email=f"p{n}.{i}@mailbox.nl") for i in range(5)]),
                   ("purchases", [make_purchase(f"PL{n}-{i}", f"P{n}-{i}") for i in range(5)]),
                   ("feedback", [make_feedback(f"pf{n}-{i}", author={"email": f"p{n}.{i}@mailbox.nl"},
                                               text=f"De machine is kapot ({n}.{i})") for i in range(5)])]
        for route, records in batches:
            for response in post_twice(app, f"/api/v1/{route}", {"records": records}, crm):
                assert not isinstance(response, BaseException), response
                if response.status_code != 200:
                    assert_problem(response, 409)
    session.rollback()
    for table in ("customers", "purchases", "feedback"):
        total, distinct = session.execute(text(
            f"SELECT COUNT(*), COUNT(DISTINCT source || ':' || external_id) FROM {table}")).one()
        assert total == distinct == 5 * ROUNDS, (table, total, distinct)
    identities = session.execute(text("SELECT COUNT(*), COUNT(DISTINCT kind || hash) FROM identities")).one()
    assert identities[0] == identities[1]
    assert_in_step(session)


def test_a_purchase_arriving_while_feedback_is_stored_still_makes_a_buyer(app, session, ingest_into, hasher):
    from insight_service import db
    from insight_service.services.ingest.entry import ingest

    ingest_into("customer", [make_customer("S0"), make_customer("S1", email="s1@mailbox.nl")])
    ingest_into("purchase", [make_purchase("SL0", "S0")])  # the product exists: the two batches share no new row
    # the feedback batch derives its facts (no purchase yet: not a buyer) and has not committed...
    ingest(session, "feedback", [make_feedback("s1", author={"email": "s1@mailbox.nl"}, text="Kapot na een week")],
           origin="test", hasher=hasher)

    def purchase():
        with app.app_context(), db.fresh_session() as other:
            ingest(other, "purchase", [make_purchase("SL1", "S1")], origin="test", hasher=hasher)

    thread = threading.Thread(target=purchase)
    thread.start()  # ...when the purchase arrives: its buyer refresh waits for the feedback batch to commit
    thread.join(0.5)
    session.commit()
    thread.join(30)
    session.expire_all()
    assert_in_step(session)


def race_erasure_and_ingest(app, client, crm, n: int) -> tuple[list[str], object, object]:
    """Create person n, then erase them while a batch of their feedback arrives; (needles, erased, ingested)."""
    email, text = f"race{n}@mailbox.nl", f"Racetekst {n}: de molen is kapot"
    response = client.post("/api/v1/customers", headers=crm, json={"records": [
        make_customer(f"RACE-{n}", name=f"Race Persoon {n}", email=email)]})
    assert response.status_code == 200
    cid = client.get(f"/api/v1/customers?email={email}", headers=crm).get_json()["items"][0]["id"]

    def erase():
        response = app.test_client().delete(f"/api/v1/customers/{cid}", headers=crm)
        response.close()
        return response

    def ingest():
        records = [make_feedback(f"race-{n}-{i}", author={"email": email, "name": f"Race Persoon {n}"},
                                 text=f"{text} ({i})") for i in range(3)]
        time.sleep(0.001 * n)  # vary who goes first over the rounds
        response = app.test_client().post("/api/v1/feedback", json={"records": records}, headers=crm)
        response.close()
        return response

    erased, ingested = together(erase, ingest)
    return [email, text, f"Race Persoon {n}", f"RACE-{n}"], erased, ingested


def test_an_erasure_racing_an_ingest_answers_clearly_and_a_retry_is_suppressed(app, session, auth, client):
    crm = auth("crm")
    for n in range(ROUNDS):
        needles, erased, ingested = race_erasure_and_ingest(app, client, crm, n)
        assert not isinstance(erased, BaseException) and erased.status_code == 200, erased
        assert not isinstance(ingested, BaseException), ingested
        if ingested.status_code != 200:  # lost the race: nothing stored, a clear conflict, and a retry is suppressed
            assert_problem(ingested, 409)
            retried = client.post("/api/v1/feedback", headers=crm, json={"records": [
                make_feedback(f"race-{n}-0", author={"email": needles[0]}, text=needles[1])]})
            assert retried.status_code == 200 and retried.get_json()["suppressed"] == 1, retried.get_json()
        session.expire_all()
        assert_absent(table_dump(session), needles)  # whoever won, nothing of the erased person survives
        assert_in_step(session)
