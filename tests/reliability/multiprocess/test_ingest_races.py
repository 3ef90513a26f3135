"""Races between ingests and an erasure, on a real gunicorn server with several worker processes.

Client threads post to the server at the same moment (released by a barrier); the server's workers are
separate processes sharing only the database, as in production. Whoever wins: each record is stored once, the
summaries add up, and nothing of an erased person survives (scanned in every table).
"""
from __future__ import annotations

from sqlalchemy import select, text

from insight_service.models import Suppression
from tests.leaks import assert_absent, table_dump
from tests.records import granted, make_customer, make_feedback, make_purchase
from tests.reliability.multiprocess.live_server import Client
from tests.reliability.test_concurrency import together

CLIENTS = 4
ROUNDS = 4


def stored_keys(session, table: str, prefix: str) -> tuple[int, int]:
    """Rows of a table whose external id has a prefix, and how many distinct natural keys they have."""
    session.rollback()
    return tuple(session.execute(text(f"SELECT COUNT(*), COUNT(DISTINCT source || ':' || external_id) FROM {table} "
                                      f"WHERE external_id LIKE :prefix"), {"prefix": prefix + "%"}).one())


def batches(n: int) -> list[tuple[str, list[dict]]]:
    """Round n's customers, purchases and feedback (five of each, linked by e-mail)."""
    return [("customers", [make_customer(f"MP{n}-{i}", email=f"mp{n}.{i}@mailbox.nl") for i in range(5)]),
            ("purchases", [make_purchase(f"MPL{n}-{i}", f"MP{n}-{i}") for i in range(5)]),
            ("feedback", [make_feedback(f"mpf{n}-{i}", author={"email": f"mp{n}.{i}@mailbox.nl"},
                                        text=f"De machine is kapot ({n}.{i})") for i in range(5)])]


def test_one_batch_posted_to_several_workers_at_once_is_stored_once(server, session, auth):
    clients = [Client(server, auth("crm")) for _ in range(CLIENTS)]
    for n in range(ROUNDS):
        for route, records in batches(n):
            answers = together(*[lambda c=c: c.call("POST", f"/api/v1/{route}", json={"records": records})
                                 for c in clients])
            summaries = [a.json() for a in answers]
            assert all(a.status_code == 200 for a in answers), summaries
            for s in summaries:  # every answer accounts for every record once
                assert s["received"] == 5 and s["created"] + s["updated"] + s["unchanged"] == 5, s
            assert sum(s["created"] for s in summaries) == 5, (route, summaries)  # each record created once
            assert sum(s["updated"] for s in summaries) == 0, (route, summaries)
    for table, prefix in (("customers", "MP"), ("purchases", "MPL"), ("feedback", "mpf")):
        total, distinct = stored_keys(session, table, prefix)
        assert total == distinct == 5 * ROUNDS, (table, total, distinct)
    assert len(set().union(*(c.workers() for c in clients))) >= 2, "all requests went to one worker"


def test_an_erasure_racing_ingests_on_other_workers_leaves_nothing(server, session, auth, hasher):
    crm = Client(server, auth("crm"))
    for n in range(ROUNDS):
        email, name, crm_id = f"mprace{n}@mailbox.nl", f"Parallel Persoon {n}", f"MPRACE-{n}"
        texts = [f"Paralleltekst {n}.{i}: de molen is kapot" for i in range(3)]
        person = make_customer(crm_id, name=name, email=email, consents=[granted()])
        assert crm.call("POST", "/api/v1/customers", json={"records": [person]}).status_code == 200
        cid = crm.call("GET", f"/api/v1/customers?email={email}").json()["items"][0]["id"]
        feedback = [make_feedback(f"mprace-{n}-{i}", author={"email": email, "name": name}, text=t)
                    for i, t in enumerate(texts)]
        calls = [lambda: crm.call("DELETE", f"/api/v1/customers/{cid}"),
                 lambda: crm.call("POST", "/api/v1/feedback", json={"records": feedback}),
                 lambda: crm.call("POST", "/api/v1/purchases", json={"records": [
                     make_purchase(f"MPRACE-L{n}", crm_id, order_id=f"MPRACE-O{n}")]}),
                 lambda: crm.call("POST", "/api/v1/customers", json={"records": [person]})]
        calls = calls[n % 2:] + calls[:n % 2]  # vary who is first to the barrier
        answers = together(*calls)
        assert all(a.status_code == 200 for a in answers), [a.text for a in answers]
        session.expire_all()
        assert_absent(table_dump(session), [email, name, crm_id, f"MPRACE-O{n}", *texts])
        again = crm.call("POST", "/api/v1/feedback", json={"records": feedback[:1]}).json()
        assert again["suppressed"] == 1, again
        assert crm.call("GET", f"/api/v1/customers?email={email}").json()["items"] == []
        session.rollback()
        assert session.scalar(select(Suppression.reason).where(
            Suppression.hash == hasher.hash("email", email))) == "erasure"
    session.expire_all()
    assert_absent(table_dump(session), ["Paralleltekst", "Parallel Persoon", "mprace"])
    assert len(crm.workers()) >= 2, "all requests went to one worker"
