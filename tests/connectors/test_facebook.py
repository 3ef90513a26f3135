"""Facebook Graph comments: posts listing, cursor paging until next is missing, per-post state, error codes."""
from __future__ import annotations

import pytest

from connectors.errors import SourceError
from connectors.facebook import FacebookConnector

TOKEN = "EAAGFakePageTokenSecretValue"
POST = "104839291234567_771234567890123"
FIELDS = {"fields": "id,message,created_time,from,permalink_url", "filter": "stream", "order": "chronological",
          "limit": "2"}
AFTER = "WTI5dGJXVnVkRjlqZAFhKc2IzSTZANVEF4TVRJeU16TTBOQg"


@pytest.fixture
def facebook(make_connector):
    """A Facebook connector reading one configured post, two comments per page."""
    return make_connector(FacebookConnector, {"post_ids": [POST], "page_size": 2}, {"access_token": TOKEN})


def serve_comments(httpserver, page) -> None:
    """The two-page comment chain of POST."""
    path = f"/v19.0/{POST}/comments"
    httpserver.expect_request(path, query_string=FIELDS).respond_with_json(page("facebook", "comments_1"))
    httpserver.expect_request(path, query_string={**FIELDS, "after": AFTER}).respond_with_json(
        page("facebook", "comments_2"))


def test_comments_until_next_is_missing(httpserver, facebook, page):
    serve_comments(httpserver, page)
    pages = list(facebook.pages())
    assert [p.records for p in pages] == [
        [("feedback", {"source": "facebook", "external_id": "771234567890123_1122334455667788", "channel": "social",
                       "party": "third", "author": {"facebook": "6543210987654321", "name": "Marieke Jansen"},
                       "text": "Heerlijke bonen, blij mee!", "posted_at": "2024-05-10T09:12:44+00:00",
                       "url": "https://www.facebook.com/104839291234567/posts/771234567890123?comment_id=1122334455667788"})],
        [("feedback", {"source": "facebook", "external_id": "771234567890123_1122334455667790", "channel": "social",
                       "party": "third", "text": "Mijn machine lekt na twee weken, erg teleurgesteld.",
                       "posted_at": "2024-05-11T18:45:03+00:00",
                       "url": "https://www.facebook.com/104839291234567/posts/771234567890123?comment_id=1122334455667790"})],
    ]
    assert [p.state for p in pages] == [{"posts": {POST: "2024-05-10T10:01:03+00:00"}},
                                        {"posts": {POST: "2024-05-11T18:45:03+00:00"}}]
    assert all("access_token" not in entry[0].query_string.decode() for entry in httpserver.log)
    assert httpserver.log[0][0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_resume_skips_comments_older_than_the_saved_time(httpserver, facebook, page):
    serve_comments(httpserver, page)
    pages = list(facebook.pages({"posts": {POST: "2024-05-11T00:00:00+00:00"}}))
    assert [[r["external_id"] for _, r in p.records] for p in pages] == [[], ["771234567890123_1122334455667790"]]


def test_lists_the_page_posts_when_no_post_ids(httpserver, make_connector, page):
    facebook = make_connector(FacebookConnector, {"page_id": "104839291234567"}, {"access_token": TOKEN})
    httpserver.expect_request("/v19.0/104839291234567/posts", query_string={"fields": "id", "limit": "100"}
                              ).respond_with_json(page("facebook", "posts"))
    for post in ("104839291234567_771234567890123", "104839291234567_771234567890124"):
        httpserver.expect_request(f"/v19.0/{post}/comments").respond_with_json(page("facebook", "empty"))
    pages = list(facebook.pages())
    assert [(p.records, p.state) for p in pages] == [([], {"posts": {}}), ([], {"posts": {}})]
    assert len(httpserver.log) == 3  # posts had cursors but no next: one posts page only


def test_throttle_code_is_retried_then_succeeds(httpserver, facebook, page):
    path = f"/v19.0/{POST}/comments"
    httpserver.expect_oneshot_request(path).respond_with_json(page("facebook", "rate_limited"), status=403)
    httpserver.expect_oneshot_request(path).respond_with_json(page("facebook", "empty"))
    assert [p.records for p in facebook.pages()] == [[]]
    assert facebook.slept == [0.0]


def test_throttle_code_exhausts_retries(httpserver, facebook, page):
    httpserver.expect_request(f"/v19.0/{POST}/comments").respond_with_json(page("facebook", "rate_limited"), status=403)
    with pytest.raises(SourceError) as caught:
        list(facebook.pages())
    assert caught.value.throttled and len(httpserver.log) == 3
    assert str(caught.value) == (f"facebook-main: HTTP 403 /v19.0/{POST}/comments: "
                                 "OAuthException 4: (#4) Application request limit reached")


@pytest.mark.parametrize("name, code", [("invalid_token", 190), ("missing_permission", 100)])
def test_error_object(httpserver, facebook, page, client_log, assert_safe, name, code):
    httpserver.expect_request(f"/v19.0/{POST}/comments").respond_with_json(page("facebook", name), status=400)
    with pytest.raises(SourceError) as caught:
        list(facebook.pages())
    assert f"OAuthException {code}: " in str(caught.value) and not caught.value.throttled
    assert len(httpserver.log) == 1
    assert_safe(str(caught.value), client_log(), secrets=(TOKEN,), queries=("fields=", "stream"))


def test_the_pages_own_answers_are_skipped_never_scored_as_a_customer(httpserver, facebook, page):
    """A real comment stream: customers, the Page's own replies (from.id is the Page), a comment without `from`
    (no MODERATE task), a sticker without text, a very long comment, and one missing its id."""
    httpserver.expect_request(f"/v19.0/{POST}/comments").respond_with_json(page("facebook", "comments_stream"))
    [only] = list(facebook.pages())
    ids = [r.get("external_id") for _kind, r in only.records]
    assert ids == ["771234567890123_1122334455667701", "771234567890123_1122334455667703",
                   "771234567890123_1122334455667705", None]
    assert only.skipped == {"the Page's own comments and replies": 2}
    assert all(r.get("author", {}).get("facebook") != "104839291234567" for _kind, r in only.records)
    assert "author" not in only.records[2][1] and len(only.records[2][1]["text"]) > 7000  # kept, anonymous
    assert only.records[3][1] == {"_error": "facebook: missing field 'id'", "source": "facebook"}
    assert only.state == {"posts": {POST: "2024-05-12T11:20:00+00:00"}}


def test_a_long_graph_error_keeps_its_reason(httpserver, facebook, page, assert_safe):
    httpserver.expect_request(f"/v19.0/{POST}/comments").respond_with_json(page("facebook", "permission_long"),
                                                                           status=403)
    with pytest.raises(SourceError) as caught:
        list(facebook.pages())
    assert str(caught.value).endswith("Missing permission: pages_read_user_content")  # once cut off at 200
    assert_safe(str(caught.value), secrets=(TOKEN,))
