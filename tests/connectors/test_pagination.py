"""Paginators: stop on a missing token or an empty page, advance correctly, refuse repeated tokens."""
from __future__ import annotations

import pytest

from connectors.errors import SourceError
from connectors.pagination import BodyCursor, EndOfStream, NextUrl, PageNumber, Request, dig

REQ = Request("GET", "/things", {"q": "x"})


def test_dig():
    assert dig({"a": {"b": 1}}, ("a", "b")) == 1
    assert dig({"a": None}, ("a", "b")) is None and dig([1], ("a",)) is None


def test_body_cursor_in_params_and_json():
    pager = BodyCursor(at=("meta", "next"), param="next_token").fresh("src")
    assert pager.next(REQ, {"meta": {"next": "t2"}}, [1]).params == {"q": "x", "next_token": "t2"}
    post = Request("POST", "/search", json={"limit": 2})
    assert BodyCursor(where="json").next(post, {"paging": {"next": {"after": "2"}}}, [1]).json == {
        "limit": 2, "after": "2"}


@pytest.mark.parametrize("body, records", [({"meta": {}}, [1]), ({"meta": {"next": "t"}}, []), ({}, [1])])
def test_body_cursor_stops(body, records):
    assert BodyCursor(at=("meta", "next")).next(REQ, body, records) is None


def test_body_cursor_require_field():
    pager = BodyCursor(at=("paging", "cursors", "after"), require=("paging", "next"))
    assert pager.next(REQ, {"paging": {"cursors": {"after": "c"}}}, [1]) is None
    assert pager.next(REQ, {"paging": {"cursors": {"after": "c"}, "next": "u"}}, [1]).params["after"] == "c"


def test_repeated_token_raises_source_error_naming_the_source_and_path_only():
    pager = BodyCursor().fresh("hubspot-main")
    body = {"paging": {"next": {"after": "5"}}}
    pager.next(REQ, body, [1])
    with pytest.raises(SourceError) as caught:
        pager.next(REQ, body, [1])
    assert str(caught.value) == "hubspot-main: HTTP 200 /things: the API repeated a page cursor"


def test_fresh_forgets_seen_tokens():
    template = BodyCursor()
    body = {"paging": {"next": {"after": "5"}}}
    template.fresh("a").next(REQ, body, [1])
    assert template.fresh("a").next(REQ, body, [1]) is not None


def test_next_url_until_done():
    pager = NextUrl().fresh("sf")
    nxt = pager.next(REQ, {"done": False, "nextRecordsUrl": "/query/01g-2000"}, [1])
    assert nxt == Request("GET", "/query/01g-2000")
    assert pager.next(REQ, {"done": True, "nextRecordsUrl": "/query/x"}, [1]) is None
    assert pager.next(REQ, {"done": True}, [1]) is None


def test_page_number_stops_on_a_short_page():
    pager = PageNumber(param="page", size=2).fresh("tp")
    assert pager.next(Request("GET", "/r", {"page": 1}), {}, [1, 2]).params == {"page": 2}
    assert pager.next(Request("GET", "/r", {"page": 2}), {}, [1]) is None
    assert pager.next(Request("GET", "/r", {"page": 2}), {}, []) is None


def test_end_of_stream_swaps_start_time_for_cursor():
    pager = EndOfStream().fresh("zd")
    first = Request("GET", "/export", {"start_time": 0, "include": "users"})
    assert pager.next(first, {"end_of_stream": False, "after_cursor": "c1"}, [1]).params == {
        "include": "users", "cursor": "c1"}
    assert pager.next(first, {"end_of_stream": True, "after_cursor": "c2"}, [1]) is None
