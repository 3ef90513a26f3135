"""The page loop: transport retries, Retry-After, timeouts, invalid bodies and safe SourceErrors."""
from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
from werkzeug import Request as WRequest, Response

from connectors.base import Connector, compact, utc_iso
from connectors.errors import SourceError
from connectors.pagination import BodyCursor, Request
from connectors.records import Page

TOKEN = "sk-live-secret-token-123"


class Echo(Connector):
    """A minimal connector: GET /items?q=..., records under `items`, cursor in `next`."""

    kind = "echo"

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.secret('token')}"}

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        request = Request("GET", "/items", {"q": "private search terms", "key": TOKEN})
        for fetched in self.paginate(request, BodyCursor(at=("next",), param="cursor"), ("items",)):
            yield Page(records=[("feedback", item) for item in fetched.records],
                       state={"cursor": fetched.next.params["cursor"] if fetched.next else None})


@pytest.fixture
def echo(make_connector) -> Echo:
    """An Echo connector aimed at the test server with a secret token."""
    return make_connector(Echo, secrets={"token": TOKEN})


def ok(items: list, nxt: str | None = None) -> dict:
    """A page body in Echo's format."""
    return {"items": items, **({"next": nxt} if nxt else {})}


def test_two_pages_then_stop(httpserver, echo):
    httpserver.expect_request("/items", query_string={"q": "private search terms", "key": TOKEN}).respond_with_json(
        ok([{"id": 1}], "c2"))
    httpserver.expect_request("/items", query_string={"q": "private search terms", "key": TOKEN, "cursor": "c2"}
                              ).respond_with_json(ok([{"id": 2}]))
    pages = list(echo.pages())
    assert [p.records for p in pages] == [[("feedback", {"id": 1})], [("feedback", {"id": 2})]]
    assert [p.state for p in pages] == [{"cursor": "c2"}, {"cursor": None}]
    assert httpserver.log[0][0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_5xx_then_success_is_retried_by_the_session(httpserver, echo):
    httpserver.expect_oneshot_request("/items").respond_with_json({"message": "boom"}, status=503)
    httpserver.expect_oneshot_request("/items").respond_with_data("<html>bad gateway</html>", status=502)
    httpserver.expect_oneshot_request("/items").respond_with_json(ok([{"id": 1}]))
    assert [p.records for p in echo.pages()] == [[("feedback", {"id": 1})]]
    assert len(httpserver.log) == 3 and echo.slept == []


@pytest.mark.parametrize("headers, slept", [({"Retry-After": "7"}, [7.0]), ({}, [])])
def test_429_then_success_with_and_without_retry_after(httpserver, echo, headers, slept):
    httpserver.expect_oneshot_request("/items").respond_with_json({}, status=429, headers=headers)
    httpserver.expect_oneshot_request("/items").respond_with_json(ok([{"id": 1}]))
    assert [p.records for p in echo.pages()] == [[("feedback", {"id": 1})]]
    assert echo.slept == slept


def test_retry_after_longer_than_max_wait_fails_at_once_as_throttled(httpserver, echo):
    httpserver.expect_request("/items").respond_with_json({"message": "slow down"}, status=429,
                                                          headers={"Retry-After": "86400"})
    with pytest.raises(SourceError) as caught:
        list(echo.pages())
    assert caught.value.throttled and caught.value.status == 429
    assert len(httpserver.log) == 1 and echo.slept == []


def test_retries_exhausted(httpserver, echo, assert_safe):
    httpserver.expect_request("/items").respond_with_json({"message": "unavailable"}, status=503)
    with pytest.raises(SourceError) as caught:
        list(echo.pages())
    assert str(caught.value) == "echo-main: HTTP 503 /items: unavailable (after 2 retries)"
    assert len(httpserver.log) == 3
    assert_safe(str(caught.value), secrets=(TOKEN,), queries=("private", "?"))


def test_timeout(httpserver, make_connector):
    def slow(request: WRequest) -> Response:
        time.sleep(0.3)
        return Response(json.dumps(ok([])), content_type="application/json")

    httpserver.expect_request("/items").respond_with_handler(slow)
    echo = make_connector(Echo, secrets={"token": TOKEN}, timeout=0.05, max_retries=0)
    with pytest.raises(SourceError) as caught:
        list(echo.pages())
    assert str(caught.value) == "echo-main: no response /items: timed out"


def test_connection_refused(make_connector):
    echo = make_connector(Echo, secrets={"token": TOKEN}, max_retries=1)
    echo.base_url = "http://127.0.0.1:9"  # discard port: nothing listens
    with pytest.raises(SourceError, match="connection failed") as caught:
        list(echo.pages())
    assert caught.value.status is None and TOKEN not in str(caught.value)


def test_invalid_json_on_success(httpserver, echo):
    httpserver.expect_request("/items").respond_with_data('{"items": [{"id": 1}, {"id"', content_type="application/json")
    with pytest.raises(SourceError, match="invalid or truncated JSON body"):
        list(echo.pages())


def test_body_cut_short_of_its_content_length(httpserver, echo):
    httpserver.expect_request("/items").respond_with_data(
        '{"items": [', headers={"Content-Length": "200"}, content_type="application/json")
    with pytest.raises(SourceError) as caught:
        list(echo.pages())
    assert str(caught.value) in ("echo-main: HTTP 200 /items: invalid or truncated JSON body",
                                 "echo-main: no response /items: request failed (ChunkedEncodingError)")


def test_repeated_cursor(httpserver, echo):
    httpserver.expect_request("/items").respond_with_json(ok([{"id": 1}], "same"))
    with pytest.raises(SourceError, match="repeated a page cursor"):
        list(echo.pages())
    assert len(httpserver.log) == 2


def test_error_message_redacts_an_echoed_secret(httpserver, echo):
    httpserver.expect_request("/items").respond_with_json({"message": f"bad token {TOKEN}"}, status=401)
    with pytest.raises(SourceError) as caught:
        list(echo.pages())
    assert str(caught.value) == "echo-main: HTTP 401 /items: bad token ***"


def test_missing_secret_names_the_key(make_connector):
    with pytest.raises(SourceError, match="missing secret 'token'"):
        list(make_connector(Echo).pages())


def test_logs_hold_no_query_string_or_secret(httpserver, echo, client_log, assert_safe):
    httpserver.expect_oneshot_request("/items").respond_with_json({}, status=500)
    httpserver.expect_oneshot_request("/items").respond_with_json({"message": "no"}, status=400)
    with pytest.raises(SourceError) as caught:
        list(echo.pages())
    assert "Retry" in client_log() and "/items" in client_log()  # urllib3 did log the retry
    assert_safe(client_log(), str(caught.value), secrets=(TOKEN,), queries=("private", "search+terms", "q="))


def test_utc_iso_and_compact():
    assert utc_iso("2026-05-01T07:25:37.000+0000") == "2026-05-01T07:25:37+00:00"
    assert utc_iso("2026-05-01T09:25:37+02:00") == "2026-05-01T07:25:37+00:00"
    assert utc_iso(None) is None
    assert compact({"a": 1, "b": None, "c": "", "d": {}}) == {"a": 1}
