"""Consent withdrawals racing reads on every worker of a real gunicorn server.

Readers keep reading a person's feedback and insight and the pain-point cell their posts make, on every
worker, while the withdrawals of social_profiling run and service agents keep writing to other items. Every
read records which withdrawals had returned before it was sent: none of those may show the person's post, on
any worker (each worker caches the aggregate), and the table scan finds none of the posts afterwards.
"""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from insight_service.models import Feedback
from tests.leaks import assert_absent, table_dump
from tests.records import granted, make_customer, make_feedback
from tests.reliability.multiprocess.live_server import Client
from tests.reliability.test_concurrency import together

PEOPLE = 5  # K_ANONYMITY: together their posts make the one pain-point cell that shows quotes
READERS = 3


def tweet(p: int) -> str:
    """Person p's public post: the text a withdrawal of social_profiling must take off every read path."""
    return f"Publiek bericht {p}: mijn WD-molen lekt alweer (mpwd-{p}-zichtbaar)"


@pytest.fixture
def profiled(server, auth) -> list[int]:
    """PEOPLE customers with social_profiling granted, each with a linked public post about product WD-1."""
    crm = Client(server, auth("crm"))
    people = [make_customer(f"MPWD-{p}", email=f"mpwd{p}@mailbox.nl", handles={"twitter": f"mpwd{p}"},
                            consents=[granted()]) for p in range(PEOPLE)]
    posts = [make_feedback(f"mpwd-{p}", source="twitter", channel="social", party="third", rating=None,
                           author={"twitter": f"mpwd{p}"}, text=tweet(p), sku="WD-1") for p in range(PEOPLE)]
    tickets = [make_feedback(f"mpwd-t{i}", source="zendesk", channel="ticket", rating=None, sku="WD-2",
                             author={"email": f"mpwd-agent{i}@mailbox.nl"}, text="Waarom lekt de molen?")
               for i in range(READERS)]
    assert crm.call("POST", "/api/v1/customers", json={"records": people}).status_code == 200
    assert crm.call("POST", "/api/v1/feedback", json={"records": posts}).json()["linked"] == PEOPLE
    assert crm.call("POST", "/api/v1/feedback", json={"records": tickets}).json()["created"] == READERS
    return [crm.call("GET", f"/api/v1/customers?email=mpwd{p}@mailbox.nl").json()["items"][0]["id"]
            for p in range(PEOPLE)]


def reads(ids: list[int]) -> list[tuple[str, int | None, str]]:
    """(role, person, path) of every read that could show a post: feedback and insight per person, the cell."""
    per_person = [("crm", p, f"/api/v1/customers/{cid}/{what}")
                  for p, cid in enumerate(ids) for what in ("feedback?limit=50", "insight")]
    return per_person + [("rnd", None, "/api/v1/pain-points?sku=WD-1")]


def shows(person: int | None, body: dict, text: str) -> bool:
    """Whether a read shows the person's post (for the aggregate: whether the WD-1 cell quotes anything)."""
    if person is None:
        return any(row["quotes"] for row in body["rows"] if row["sku"] == "WD-1")
    return tweet(person) in text


def test_after_a_withdrawal_returns_no_worker_shows_the_post(server, session, auth, profiled):
    clients = {role: [Client(server, auth(role)) for _ in range(READERS)] for role in ("crm", "rnd")}
    paths, withdrawn, finished = reads(profiled), set(), []
    lock, seen = threading.Lock(), []

    def read(index: int, step: int) -> bool:
        """One read; records (withdrawals returned before it was sent, person, whether it showed the post)."""
        role, person, path = paths[(index + step) % len(paths)]
        with lock:
            returned = frozenset(withdrawn)
        response = clients[role][index].call("GET", path)
        assert response.status_code == 200, response.text
        seen.append((returned, person, shows(person, response.json(), response.text),
                     response.request.headers["X-Request-ID"]))
        return len(finished) == PEOPLE

    def reader(index: int) -> None:
        """Read round-robin until every withdrawal has answered, then once more over every path."""
        after = 0
        for step in range(5000):
            after += read(index, step)
            if after > len(paths):
                return

    tickets = session.scalars(select(Feedback.id).where(Feedback.external_id.like("mpwd-t%"))).all()
    agents = [Client(server, auth("service")) for _ in tickets]

    def handle(index: int) -> None:
        """A service agent closing a ticket again and again meanwhile: feedback writes that take no privacy lock."""
        agent, ticket = agents[index], tickets[index]
        for step in range(500):
            assert agent.call("POST", f"/api/v1/feedback/{ticket}/handled", json={"note": f"{step}"}).ok
            if len(finished) == PEOPLE:
                return

    def withdraw(p: int) -> None:
        try:
            response = Client(server, auth("crm")).call("POST", f"/api/v1/customers/{profiled[p]}/consents",
                                                        json={"purpose": "social_profiling", "status": "withdrawn"})
            assert response.status_code == 201, response.text
            with lock:
                withdrawn.add(p)
        finally:
            finished.append(p)

    # every reader reads every path first, so the workers have computed (and cached) the cell with its quotes
    primed = together(*[lambda i=i: [read(i, step) for step in range(len(paths))] for i in range(READERS)])
    results = together(*[lambda i=i: reader(i) for i in range(READERS)],
                       *[lambda i=i: handle(i) for i in range(len(tickets))],
                       *[lambda p=p: withdraw(p) for p in range(PEOPLE)])
    assert not [r for r in primed + results if isinstance(r, BaseException)], primed + results
    assert sorted(withdrawn) == list(range(PEOPLE))
    # the cell is under k (so gone) once any of its five authors withdrew; a person's reads once they withdrew
    leaks = [(sorted(r), p) for r, p, showed, _rid in seen if showed and (r if p is None else p in r)]
    assert leaks == [], leaks
    before = {p for r, p, showed, _rid in seen if showed and not r}
    assert before == {None, *range(PEOPLE)}, f"only {before} showed the posts before: the check would be vacuous"
    after = [rid for r, _p, _showed, rid in seen if len(r) == PEOPLE]
    assert len(set(server.workers_for(after).values())) >= 2, "the reads after the withdrawals hit one worker"
    session.expire_all()
    assert_absent(table_dump(session), [tweet(p) for p in range(PEOPLE)])
