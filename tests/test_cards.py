"""The insight card: signed links, sessions, headers, escaping, marking handled, audit (no browser needed)."""
import re
import time

import pytest
from sqlalchemy import select

from insight_service.card_tokens import sign
from insight_service.models import AuditLog, Feedback
from tests.records import make_feedback
from tests.services.insight_data import TWEET, ago, anna, item_id

XSS = '<script>alert("x")</script><img src=x onerror="alert(1)"> zero stars, kapot'
SECRET = "test-secret-key-" + "x9" * 16


@pytest.fixture
def customer(ingest_into, session):
    """Anna, who withdrew social_profiling (her tweet is hidden), with an XSS-laden complaint; her id."""
    from insight_service.services.privacy.consent_changes import append_consent

    cid = anna(ingest_into, session)
    append_consent(session, cid, "social_profiling", "withdrawn", "test")
    session.commit()
    ingest_into("feedback", [make_feedback("x1", source="zendesk", channel="ticket", author={"email":
                             "anna.devries@mailbox.nl"}, text=XSS, rating=None, posted_at=ago(2))])
    return cid


def link(client, auth, customer_id, role="service"):
    """Ask the API for a signed card link and return its body."""
    response = client.post(f"/api/v1/customers/{customer_id}/card-link", headers=auth(role))
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.get_json()


def path_of(url: str) -> str:
    """The path and query of an absolute URL."""
    return re.sub(r"^https?://[^/]+", "", url)


def csrf_of(html: str) -> str:
    """The form token in a page."""
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def audits(session, action):
    """Audit rows of an action, oldest first."""
    session.expire_all()
    return list(session.scalars(select(AuditLog).where(AuditLog.action == action).order_by(AuditLog.id)))


def test_card_link_opens_the_card_of_its_customer(client, auth, session, customer, check_response):
    response = client.post(f"/api/v1/customers/{customer}/card-link", headers=auth("crm"))
    body = check_response(response, "post", "/api/v1/customers/{customer_id}/card-link").get_json()
    assert body["role"] == "crm" and body["customer_id"] == customer and body["expires_in"] == 900
    assert f"/cards/{customer}?t=" in body["url"]
    page = client.get(path_of(body["url"]))
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "Anna de Vries" in html and "C1" in html and "anna.devries@mailbox.nl" in html
    assert "Heel blij met de machine" in html and 'class="chart chart-sparkline"' in html
    assert "Hidden for privacy" in html and "1 public posts not shown: no social_profiling consent" in html
    assert TWEET not in html
    for departments in ("Marketing", "Sales"):  # crm sees the other departments' actions, collapsed
        assert re.search(rf"<details class=\"other-dept\">\s*<summary>{departments}", html)
    [view] = audits(session, "card.view")
    assert view.subject_id == str(customer) and view.actor.startswith("card-link:crm:isk_")
    assert audits(session, "card_link.create")[0].actor.startswith("crm:")


def test_card_link_for_unknown_customer_is_404(client, auth, check_response):
    response = client.post("/api/v1/customers/999/card-link", headers=auth("service"))
    assert check_response(response, "post", "/api/v1/customers/{customer_id}/card-link").status_code == 404


@pytest.mark.parametrize("role", ["marketing", "sales", "rnd"])
def test_roles_outside_card_links_get_no_link(client, auth, customer, role):
    assert client.post(f"/api/v1/customers/{customer}/card-link", headers=auth(role)).status_code == 403


def test_expired_link_is_410_page(client, customer):
    token, _exp = sign(SECRET, "card", "service", customer, 900, now=time.time() - 901)
    page = client.get(f"/cards/{customer}?t={token}")
    assert page.status_code == 410 and page.mimetype == "text/html"
    assert "Link expired" in page.get_data(as_text=True)


def test_forged_other_customer_and_other_view_tokens_are_403(client, auth, customer):
    token = link(client, auth, customer)["token"]
    head, _sig = token.rsplit(".", 1)
    forged = client.get(f"/cards/{customer}?t={head}.AAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert forged.status_code == 403 and "Invalid link" in forged.get_data(as_text=True)
    other_secret, _e = sign("another-secret-" + "z" * 30, "card", "admin", customer, 900)
    assert client.get(f"/cards/{customer}?t={other_secret}").status_code == 403
    wrong = client.get(f"/cards/{customer + 1}?t={token}")
    assert wrong.status_code == 403 and "another customer" in wrong.get_data(as_text=True)
    overview, _e = sign(SECRET, "overview", "service", None, 900)
    assert client.get(f"/cards/{customer}?t={overview}").status_code == 403


def test_unknown_customer_is_404_page(client):
    token, _e = sign(SECRET, "card", "service", 424242, 900)
    page = client.get(f"/cards/424242?t={token}")
    assert page.status_code == 404 and page.mimetype == "text/html" and "No customer" in page.get_data(as_text=True)


def test_without_link_or_session_is_401_page_with_sign_in(client, customer):
    page = client.get(f"/cards/{customer}")
    assert page.status_code == 401 and page.mimetype == "text/html"
    assert "/login?next=" in page.get_data(as_text=True)


def test_revoked_key_withdraws_its_links(app, client, auth, customer, session):
    from insight_service import db
    from insight_service.services.access.keys import revoke_key

    url = path_of(link(client, auth, customer)["url"])
    with app.app_context(), db.fresh_session() as sess:
        revoke_key(sess, 1)
    session.expire_all()
    assert client.get(url).status_code == 403


def test_user_written_text_is_escaped(client, auth, customer):
    html = client.get(path_of(link(client, auth, customer)["url"])).get_data(as_text=True)
    assert "&lt;script&gt;alert(" in html and "<script>alert" not in html
    assert "<img" not in html and 'onerror="' not in html


def test_only_http_urls_become_links():
    from insight_service.web.cards import highlight, safe_url

    assert safe_url("https://www.vonk.nl/p/1") == "https://www.vonk.nl/p/1"
    for bad in ("javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "//evil.example", None, ""):
        assert safe_url(bad) is None
    assert str(highlight("a <b> broke", "broke")) == "a &lt;b&gt; <mark>broke</mark>"
    assert str(highlight("<i>", None)) == "&lt;i&gt;"


def test_csp_and_framing_headers(client, auth, customer):
    page = client.get(path_of(link(client, auth, customer)["url"]))
    csp = page.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "frame-ancestors 'self'",
                      "base-uri 'none'", "form-action 'self'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and page.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert page.headers["Cache-Control"] == "no-store" and page.headers["Referrer-Policy"] == "no-referrer"
    api = client.get("/api/v1/keys", headers=auth("admin"))
    assert "Content-Security-Policy" not in api.headers  # the API keeps its headers


def test_frame_ancestors_is_configurable(db_url, tmp_path):
    from insight_service import create_app
    from tests.conftest import TEST_SECRETS

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": db_url, **TEST_SECRETS,
                      "FRAME_ANCESTORS": "https://crm.example.com https://*.crm.example.com;script-src *"})
    try:
        page = app.test_client().get("/login")
        csp = page.headers["Content-Security-Policy"]
        assert "frame-ancestors https://crm.example.com https://*.crm.example.com;" in csp
        assert "script-src *" not in csp and "X-Frame-Options" not in page.headers
    finally:
        app.extensions["db_engine"].dispose()


def sign_in(client, raw_key, **kwargs):
    """Post the sign-in form with its token; the response."""
    form = client.get("/login").get_data(as_text=True)
    return client.post("/login", data={"api_key": raw_key, "csrf": csrf_of(form), **kwargs}, **{})


def test_sign_in_sets_a_safe_session_cookie(client, make_key, customer, session):
    raw = make_key("service")
    response = sign_in(client, raw, next=f"/cards/{customer}")
    assert response.status_code == 303 and response.headers["Location"] == f"/cards/{customer}"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    assert raw not in cookie and raw[len("isk_"):] not in cookie
    page = client.get(f"/cards/{customer}")
    assert page.status_code == 200 and "Sign out" in page.get_data(as_text=True)
    assert audits(session, "card.view")[0].actor.startswith("session:service:isk_")


def test_session_cookie_is_secure_over_https(app, make_key):
    client = app.test_client()
    raw = make_key("service")
    form = client.get("/login", base_url="https://insight.example").get_data(as_text=True)
    response = client.post("/login", data={"api_key": raw, "csrf": csrf_of(form)}, base_url="https://insight.example")
    assert response.status_code == 303 and "Secure" in response.headers["Set-Cookie"]


def test_sign_in_refuses_bad_keys_missing_tokens_and_foreign_redirects(client, make_key):
    assert sign_in(client, "isk_wrong").status_code == 401
    assert client.post("/login", data={"api_key": make_key("service")}).status_code == 403  # no form token
    response = sign_in(client, make_key("rnd"), next="//evil.example/x")
    assert response.status_code == 303 and response.headers["Location"] == "/pain-points"


def test_sign_out_ends_the_session(client, make_key, customer):
    sign_in(client, make_key("service"))
    page = client.get(f"/cards/{customer}").get_data(as_text=True)
    assert client.post("/login/sign-out", data={"csrf": csrf_of(page)}).status_code == 303
    assert client.get(f"/cards/{customer}").status_code == 401


def test_signed_in_agents_find_a_card_by_crm_id(client, make_key, customer):
    sign_in(client, make_key("service"))
    response = client.get("/cards?crm_id=C1")
    assert response.status_code == 302 and response.headers["Location"] == f"/cards/{customer}"
    assert "No customer" in client.get("/cards?crm_id=nobody").get_data(as_text=True)


def test_session_of_a_role_without_cards_is_403(client, make_key, customer):
    sign_in(client, make_key("rnd"))
    assert client.get(f"/cards/{customer}").status_code == 403


def test_marking_handled_from_the_card_updates_the_queue(client, auth, session, customer):
    url = path_of(link(client, auth, customer)["url"])
    html = client.get(url).get_data(as_text=True)
    ticket = item_id(session, "z1")
    assert f"/cards/{customer}/feedback/{ticket}/handled" in html
    queue = client.get("/api/v1/service/queue", headers=auth("service")).get_json()["items"]
    assert ticket in [i["id"] for i in queue]
    token = url.split("t=")[1]
    response = client.post(f"/cards/{customer}/feedback/{ticket}/handled",
                           data={"t": token, "csrf": csrf_of(html), "note": "Called her, sent a new seal"})
    assert response.status_code == 303 and f"handled={ticket}" in response.headers["Location"]
    session.expire_all()
    item = session.get(Feedback, ticket)
    assert item.handled_note == "Called her, sent a new seal" and item.handled_by.startswith("card-link:service:")
    queue = client.get("/api/v1/service/queue", headers=auth("service")).get_json()["items"]
    assert ticket not in [i["id"] for i in queue]
    after = client.get(path_of(response.headers["Location"])).get_data(as_text=True)
    assert "Called her, sent a new seal" in after and "is marked handled" in after
    assert audits(session, "feedback.handled")[0].detail == {"feedback_id": ticket, "via": "card"}


def test_marking_handled_needs_the_form_token_and_a_service_role(client, auth, session, customer):
    ticket = item_id(session, "z1")
    token = link(client, auth, customer)["token"]
    refused = client.post(f"/cards/{customer}/feedback/{ticket}/handled", data={"t": token, "note": "x"})
    assert refused.status_code == 403
    crm = link(client, auth, customer, "crm")
    html = client.get(path_of(crm["url"])).get_data(as_text=True)
    assert "/handled" not in html  # no form for a role outside the service queue
    from insight_service.card_tokens import csrf_for

    response = client.post(f"/cards/{customer}/feedback/{ticket}/handled",
                           data={"t": crm["token"], "csrf": csrf_for(SECRET, crm["token"]), "note": "x"})
    assert response.status_code == 403
    other = link(client, auth, customer)
    page = client.get(path_of(other["url"])).get_data(as_text=True)
    stranger = client.post(f"/cards/{customer}/feedback/999999/handled",
                           data={"t": other["token"], "csrf": csrf_of(page)})
    assert stranger.status_code == 404
    session.expire_all()
    assert session.get(Feedback, ticket).handled_at is None


def test_next_actions_rank_open_items_count_the_rest_and_say_what_is_held_back(client, auth, session, ingest_into):
    cid = anna(ingest_into, session)
    old = [make_feedback(f"q{i}", source="zendesk", channel="ticket", author={"email": "anna.devries@mailbox.nl"},
                         text=f"Hoe ontkalk ik de machine, stap {i}?", rating=None, posted_at=ago(260 + i))
           for i in range(8)]
    ingest_into("feedback", old)
    html = client.get(path_of(link(client, auth, cid, "crm")["url"])).get_data(as_text=True)
    actions = html.split('id="h-actions"')[1].split("</section>")[0]
    tweet, ticket = item_id(session, "t1"), item_id(session, "z1")
    assert f"complaint #{tweet}" in actions and f"complaint #{ticket}" in actions  # 5 and 10 days old: not hidden
    assert re.search(r"and \d+ more open items \(10 open", actions), actions
    assert 'data-rule="marketing.thank"' in actions and "not suggested: an unanswered complaint" in actions


def test_the_card_shows_every_handling_of_an_item(client, auth, session, customer):
    ticket = item_id(session, "z1")
    for handler, note in (("Ria", "Sent a new seal"), ("Tom", "Called back, all fine")):
        response = client.post(f"/api/v1/feedback/{ticket}/handled", headers=auth("service"),
                               json={"handler": handler, "note": note})
        assert response.status_code == 200
    html = client.get(path_of(link(client, auth, customer)["url"])).get_data(as_text=True)
    history = html.split(f'id="fb-{ticket}"')[1].split("</li>\n          {% endfor %}")[0]
    assert "by Ria: “Sent a new seal”" in history and "by Tom: “Called back, all fine”" in history
