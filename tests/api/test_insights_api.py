"""The insight and feedback-history routes: contract, roles, audit, handled marks."""
import pytest
from sqlalchemy import event, select

from insight_service.models import AuditLog
from tests.services.insight_data import REVIEW, TICKET, TWEET, anna, item_id

INSIGHT = "/api/v1/customers/{customer_id}/insight"
HISTORY = "/api/v1/customers/{customer_id}/feedback"


@pytest.fixture
def anna_id(ingest_into, session):
    """Anna's customer id (see tests/services/insight_data.py)."""
    return anna(ingest_into, session)


def test_insight_matches_the_contract_and_is_audited(client, auth, check_response, anna_id, session):
    response = check_response(client.get(INSIGHT.format(customer_id=anna_id), headers=auth("crm")), "get", INSIGHT)
    body = response.get_json()
    assert response.status_code == 200 and body["feedback"]["total"] == 3
    assert body["risk"]["level"] == "high" and body["journey"]["stage"] == "care"
    audit = session.scalars(select(AuditLog).where(AuditLog.action == "insight.read")).one()
    assert audit.subject_id == str(anna_id) and audit.detail is None


def test_unknown_customer_is_404(client, auth, check_response):
    response = client.get(INSIGHT.format(customer_id=424242), headers=auth("service"))
    assert check_response(response, "get", INSIGHT).status_code == 404


@pytest.mark.parametrize("role, hidden", [("sales", (TICKET, TWEET, REVIEW)), ("marketing", (TICKET,))])
def test_roles_get_only_their_fields(client, auth, check_response, anna_id, role, hidden):
    for url, template in ((INSIGHT, INSIGHT), (HISTORY, HISTORY)):
        response = check_response(client.get(url.format(customer_id=anna_id), headers=auth(role)), "get", template)
        text = response.get_data(as_text=True)
        assert response.status_code == 200 and not any(h in text for h in hidden)


def test_history_filters_and_pages(client, auth, check_response, anna_id):
    url = HISTORY.format(customer_id=anna_id)
    page = check_response(client.get(url + "?limit=2", headers=auth("crm")), "get", HISTORY).get_json()
    assert page["total"] == 3 and len(page["items"]) == 2 and page["items"][0]["text"] == TWEET
    negative = client.get(url + "?sentiment=negative&channel=ticket", headers=auth("crm")).get_json()
    assert [i["text"] for i in negative["items"]] == [TICKET]
    bad = client.get(url + "?channel=fax", headers=auth("crm"))
    assert check_response(bad, "get", HISTORY).status_code == 422


def test_handled_mark_shows_in_insight_and_leaves_the_queue(client, auth, check_response, anna_id, session):
    ticket = item_id(session, "z1")
    queue = client.get("/api/v1/service/queue", headers=auth("service")).get_json()
    assert ticket in [i["id"] for i in queue["items"]]
    response = client.post(f"/api/v1/feedback/{ticket}/handled", headers=auth("service"),
                           json={"note": "Vervangend apparaat gestuurd", "handler": "Sam"})
    assert check_response(response, "post", "/api/v1/feedback/{feedback_id}/handled").status_code == 200
    queue = client.get("/api/v1/service/queue", headers=auth("service")).get_json()
    assert ticket not in [i["id"] for i in queue["items"]]
    history = client.get(HISTORY.format(customer_id=anna_id), headers=auth("crm")).get_json()
    item = next(i for i in history["items"] if i["id"] == ticket)
    assert item["handled_by"] == "Sam" and item["handled_note"] == "Vervangend apparaat gestuurd"
    insight = client.get(INSIGHT.format(customer_id=anna_id), headers=auth("service")).get_json()
    assert not any(a["feedback_id"] == ticket and a["kind"] == "answer" for a in insight["actions"])
    sales = client.get(HISTORY.format(customer_id=anna_id), headers=auth("sales")).get_json()
    assert all(i["handled_note"] is None for i in sales["items"])


def test_insight_reads_the_customer_row_once(app, client, auth, anna_id, monkeypatch):
    from insight_service.services.reads import pipeline

    key = auth("crm")
    client.get(INSIGHT.format(customer_id=anna_id), headers=key)  # warm: keys, caches
    statements = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(" ".join(statement.split()))

    real = pipeline.run_together

    def together(session, batch):  # on PostgreSQL these go to psycopg, past SQLAlchemy's events
        if pipeline.pipelined(session):
            statements.extend(" ".join(str(statement).split()) for statement, _values in batch)
        return real(session, batch)

    for module in ("services.reads.pipeline", "services.reads.queries", "services.reads.history",
                   "services.departments.insight"):
        monkeypatch.setattr(f"insight_service.{module}.run_together", together)
    engine = app.extensions["db_engine"]
    event.listen(engine, "before_cursor_execute", seen)
    try:
        assert client.get(INSIGHT.format(customer_id=anna_id), headers=key).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    # the view's 404 check is the insight's own read of the row (with its first statements), never a second one
    assert sum(s.startswith("SELECT customers.") for s in statements) == 1, statements


def test_the_audit_entry_is_committed_before_the_answer_leaves_and_only_with_it(app, client, auth, anna_id,
                                                                                db_url, monkeypatch):
    from sqlalchemy import create_engine, func

    from insight_service.services.departments import insight as insights

    other = create_engine(db_url)  # another connection: sees only what was committed

    def entries():
        with other.connect() as conn:
            return conn.execute(select(func.count()).select_from(AuditLog)
                                .where(AuditLog.action == "insight.read")).scalar_one()

    assert client.get(INSIGHT.format(customer_id=anna_id), headers=auth("crm")).status_code == 200
    assert entries() == 1
    # a read that fails after its entry went out with the first queries leaves no entry (and no half answer)
    monkeypatch.setattr(insights, "_pain_points", lambda *_a: 1 / 0)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert client.get(INSIGHT.format(customer_id=anna_id), headers=auth("crm")).status_code == 500
    assert entries() == 1
    other.dispose()
