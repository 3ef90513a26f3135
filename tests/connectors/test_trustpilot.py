"""Trustpilot: numbered pages ending on a short or empty page, public and private variants, errors."""
from __future__ import annotations

import pytest

from connectors.errors import SourceError
from connectors.trustpilot import TrustpilotConnector

KEY = "tp-api-key-secret-0123"
BEARER = "tp-business-user-token-4567"
UNIT = "46d6a890000064000500e0c3"
PUBLIC = f"/v1/business-units/{UNIT}/reviews"
PRIVATE = f"/v1/private/business-units/{UNIT}/reviews"


@pytest.fixture
def trustpilot(make_connector):
    """A public-API Trustpilot connector with two reviews per page."""
    return make_connector(TrustpilotConnector, {"business_unit_id": UNIT, "page_size": 2}, {"api_key": KEY})


def test_public_pages_end_on_a_short_page(httpserver, trustpilot, page):
    params = {"perPage": "2", "orderBy": "createdat.asc"}
    httpserver.expect_request(PUBLIC, query_string={"page": "1", **params}).respond_with_json(
        page("trustpilot", "reviews_1"))
    httpserver.expect_request(PUBLIC, query_string={"page": "2", **params}).respond_with_json(
        page("trustpilot", "reviews_2_short"))
    pages = list(trustpilot.pages())
    assert pages[0].records == [
        ("feedback", {"source": "trustpilot", "external_id": "663a1f2b9c1d2e0012ab34cd", "channel": "review",
                      "party": "third", "author": {"trustpilot": "5f1a2b3c4d5e6f7a8b9c0d1e", "name": "Lotte"},
                      "text": "Snelle levering\n\nBinnen een dag in huis en de koffie is heerlijk.", "rating": 5,
                      "language": "nl", "posted_at": "2024-05-07T12:30:35+00:00",
                      "url": "https://www.trustpilot.com/reviews/663a1f2b9c1d2e0012ab34cd"}),
        ("feedback", {"source": "trustpilot", "external_id": "663b2a7e9c1d2e0012ab35de", "channel": "review",
                      "party": "third", "author": {"trustpilot": "5f1a2b3c4d5e6f7a8b9c0d2f", "name": "K. de Boer"},
                      "text": "Molen defect", "rating": 2, "language": "nl",
                      "posted_at": "2024-05-08T08:02:11+00:00",
                      "url": "https://www.trustpilot.com/reviews/663b2a7e9c1d2e0012ab35de"}),
    ]
    assert [p.state for p in pages] == [{}, {}]  # the public API is re-read in full each run
    assert len(pages[1].records) == 1 and len(httpserver.log) == 2
    assert httpserver.log[0][0].headers["apikey"] == KEY


def test_full_last_page_is_followed_by_an_empty_one(httpserver, trustpilot, page):
    httpserver.expect_request(PUBLIC, query_string={"page": "1", "perPage": "2", "orderBy": "createdat.asc"}
                              ).respond_with_json(page("trustpilot", "reviews_1"))
    httpserver.expect_request(PUBLIC, query_string={"page": "2", "perPage": "2", "orderBy": "createdat.asc"}
                              ).respond_with_json(page("trustpilot", "empty"))
    assert [len(p.records) for p in trustpilot.pages()] == [2, 0]


def test_private_api_adds_email_order_ref_and_is_incremental(httpserver, make_connector, page):
    trustpilot = make_connector(TrustpilotConnector, {"business_unit_id": UNIT, "private": True},
                                {"api_key": KEY, "access_token": BEARER})
    httpserver.expect_request(PRIVATE, query_string={"page": "1", "perPage": "100", "orderBy": "createdat.asc",
                                                     "startDateTime": "2024-05-01T00:00:00Z"}
                              ).respond_with_json(page("trustpilot", "private_reviews"))
    [only] = list(trustpilot.pages({"since": "2024-05-01T00:00:00Z"}))
    assert only.records == [("feedback", {
        "source": "trustpilot", "external_id": "663c3b8f9c1d2e0012ab36ef", "channel": "review", "party": "third",
        "author": {"trustpilot": "5f1a2b3c4d5e6f7a8b9c0d3a", "name": "Ahmed", "email": "ahmed@example.nl"},
        "text": "Prima\n\nGoede bonen, verpakking kan beter.", "rating": 4, "language": "nl",
        "posted_at": "2024-05-09T16:45:00+00:00", "order_ref": "WEB-4471",
        "url": "https://www.trustpilot.com/reviews/663c3b8f9c1d2e0012ab36ef"})]
    assert only.state == {"since": "2024-05-09T16:45:00Z"}
    assert httpserver.log[0][0].headers["Authorization"] == f"Bearer {BEARER}"


def test_429_with_retry_after_then_success(httpserver, trustpilot, page):
    httpserver.expect_oneshot_request(PUBLIC).respond_with_data("", status=429, headers={"Retry-After": "2"})
    httpserver.expect_oneshot_request(PUBLIC).respond_with_json(page("trustpilot", "empty"))
    assert [p.records for p in trustpilot.pages()] == [[]]
    assert trustpilot.slept == [2.0]


@pytest.mark.parametrize("status, name, message", [
    (401, "unauthorized", "oauth.v2.InvalidApiKey: Invalid ApiKey"),  # hand-written: Trustpilot documents no body
    (404, None, "NOT FOUND"),
])
def test_errors(httpserver, trustpilot, page, client_log, assert_safe, status, name, message):
    responder = httpserver.expect_request(PUBLIC)
    if name is None:
        responder.respond_with_data("<html>Not found</html>", status=status, content_type="text/html")
    else:
        responder.respond_with_json(page("trustpilot", name), status=status)
    with pytest.raises(SourceError) as caught:
        list(trustpilot.pages())
    assert str(caught.value) == f"trustpilot-main: HTTP {status} {PUBLIC}: {message}"
    assert_safe(str(caught.value), client_log(), secrets=(KEY,), queries=("perPage", "createdat"))


def test_a_review_missing_its_id_is_quarantined_not_a_key_error(httpserver, make_connector):
    from connectors.trustpilot import TrustpilotConnector

    trustpilot = make_connector(TrustpilotConnector, {"business_unit_id": "bu1"}, {"api_key": "key-secret"})
    httpserver.expect_request("/v1/business-units/bu1/reviews").respond_with_json(
        {"reviews": [{"stars": 1, "text": "kapot", "consumer": None}], "links": []})
    [only] = list(trustpilot.pages())
    assert only.records == [("feedback", {"_error": "trustpilot: missing field 'id'", "source": "trustpilot"})]
