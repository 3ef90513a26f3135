"""Zendesk incremental export: cursor chain to end_of_stream, side-loaded requesters, auth, 429 fallback."""
from __future__ import annotations

import base64

import pytest

from connectors.errors import SourceError
from connectors.zendesk import ZendeskConnector

API_TOKEN = "zd-api-token-secret-8910"
PATH = "/api/v2/incremental/tickets/cursor.json"
FIRST = {"include": "users", "exclude_deleted": "true", "per_page": "1000"}
CURSOR_1 = "MTcwNzIxMzYwMC4wfHw0MDQ1fA=="
CURSOR_2 = "MTcwNzI3MTc0MS4wfHw0MDQ2fA=="


@pytest.fixture
def zendesk(make_connector):
    """A Zendesk connector using an API token, starting at 2024-02-01."""
    return make_connector(ZendeskConnector, {"start_date": "2024-02-01T00:00:00Z"},
                          {"email": "ops@koffiehuis.nl", "api_token": API_TOKEN})


def test_cursor_chain_until_end_of_stream_keeps_the_final_cursor(httpserver, zendesk, page):
    httpserver.expect_request(PATH, query_string={**FIRST, "start_time": "1706745600"}).respond_with_json(
        page("zendesk", "tickets_1"))
    httpserver.expect_request(PATH, query_string={**FIRST, "cursor": CURSOR_1}).respond_with_json(
        page("zendesk", "tickets_2_end"))
    pages = list(zendesk.pages())
    base = zendesk.base_url
    assert pages[0].records == [
        ("feedback", {"source": "zendesk", "external_id": "4044", "channel": "ticket", "party": "first",
                      "author": {"email": "eva.mulder@example.nl", "name": "Eva Mulder"},
                      "text": "Espressomachine lekt\n\nSinds gisteren lekt mijn machine water aan de onderkant.",
                      "posted_at": "2024-02-06T09:15:00+00:00", "url": f"{base}/agent/tickets/4044"}),
        ("feedback", {"source": "zendesk", "external_id": "4045", "channel": "ticket", "party": "first",
                      "text": "Vraag over bestelling\n\nWanneer wordt order 4471 verzonden?",
                      "posted_at": "2024-02-06T10:00:00+00:00", "url": f"{base}/agent/tickets/4045"}),
    ]
    assert [p.state for p in pages] == [{"cursor": CURSOR_1}, {"cursor": CURSOR_2}]
    expected = base64.b64encode(f"ops@koffiehuis.nl/token:{API_TOKEN}".encode()).decode()
    assert httpserver.log[0][0].headers["Authorization"] == f"Basic {expected}"


def test_resume_from_cursor_with_bearer_token(httpserver, make_connector, page):
    zendesk = make_connector(ZendeskConnector, {}, {"access_token": "zd-oauth-secret"})
    httpserver.expect_request(PATH, query_string={**FIRST, "cursor": CURSOR_2}).respond_with_json(
        page("zendesk", "empty_end"))
    assert [(p.records, p.state) for p in zendesk.pages({"cursor": CURSOR_2})] == [([], {"cursor": CURSOR_2})]
    assert httpserver.log[0][0].headers["Authorization"] == "Bearer zd-oauth-secret"


def test_default_base_url_from_subdomain():
    zendesk = ZendeskConnector(name="zd", options={"subdomain": "koffiehuis"}, secrets={"access_token": "x"})
    assert zendesk.base_url == "https://koffiehuis.zendesk.com"


@pytest.mark.parametrize("headers, slept", [({"Retry-After": "5"}, [5.0]), ({}, [60.0])])
def test_429_uses_retry_after_or_falls_back_to_60s(httpserver, zendesk, page, headers, slept):
    httpserver.expect_oneshot_request(PATH).respond_with_data("Too Many Requests", status=429, headers=headers)
    httpserver.expect_oneshot_request(PATH).respond_with_json(page("zendesk", "empty_end"))
    list(zendesk.pages())
    assert zendesk.slept == slept


def test_repeated_cursor(httpserver, zendesk, page):
    httpserver.expect_request(PATH).respond_with_json(page("zendesk", "tickets_1"))
    with pytest.raises(SourceError, match="repeated a page cursor"):
        list(zendesk.pages())


@pytest.mark.parametrize("name, status, message", [("not_found", 404, "RecordNotFound: Not found"),
                                                   ("unauthorized", 401, "Couldn't authenticate you")])
def test_error_bodies(httpserver, zendesk, page, client_log, assert_safe, name, status, message):
    httpserver.expect_request(PATH).respond_with_json(page("zendesk", name), status=status)
    with pytest.raises(SourceError) as caught:
        list(zendesk.pages())
    assert str(caught.value) == f"zendesk-main: HTTP {status} {PATH}: {message}"
    assert_safe(str(caught.value), client_log(), secrets=(API_TOKEN, "ops@koffiehuis.nl"), queries=("start_time",))


def test_a_ticket_missing_its_id_is_quarantined_and_an_absent_requester_is_blank(httpserver, make_connector):
    from connectors.zendesk import ZendeskConnector

    zendesk = make_connector(ZendeskConnector, {"subdomain": "x"}, {"access_token": "tok-secret"})
    httpserver.expect_request("/api/v2/incremental/tickets/cursor.json").respond_with_json({
        "tickets": [{"subject": "geen id"},
                    {"id": 7, "subject": "Lekt 💧", "description": None, "requester_id": 99,
                     "created_at": "2026-05-01T10:00:00Z"}],
        "users": [], "after_cursor": "c1", "end_of_stream": True})
    [only] = list(zendesk.pages())
    assert only.records[0] == ("feedback", {"_error": "zendesk: missing field 'id'", "source": "zendesk"})
    assert only.records[1][1]["text"] == "Lekt 💧" and "author" not in only.records[1][1]
