"""X recent search: author join, next_token chain, since_id state, partial errors, empty results, 429 reset."""
from __future__ import annotations

import pytest

from connectors.errors import SourceError
from connectors.twitter import TwitterConnector

TOKEN = "AAAAAAAAAAAAAAAAAAAAAFakeBearerSecret"
QUERY = "(koffiehuis OR @koffiehuis) -is:retweet"
BASE = {"query": QUERY, "max_results": "100", "expansions": "author_id",
        "tweet.fields": "created_at,author_id,lang,note_tweet", "user.fields": "username,name"}
PATH = "/2/tweets/search/recent"
TOKEN_2 = "b26v89c19zqg8o3fpzbkk0zyq0t7h6r0h4v3rb2jifm4d"
SINCE = "1789990000000000000"  # a post id (snowflake) from inside the 7-day window of the fixed clock


@pytest.fixture
def twitter(make_connector):
    """A Twitter connector searching QUERY with a fixed clock."""
    connector = make_connector(TwitterConnector, {"query": QUERY}, {"bearer_token": TOKEN})
    connector.clock = lambda: 1_715_590_000.0
    return connector


def test_two_pages_join_authors_and_store_newest_id_only_at_the_end(httpserver, twitter, page):
    httpserver.expect_request(PATH, query_string={**BASE, "since_id": SINCE}).respond_with_json(
        page("twitter", "search_1"))
    httpserver.expect_request(PATH, query_string={**BASE, "since_id": SINCE, "next_token": TOKEN_2}
                              ).respond_with_json(page("twitter", "search_2_partial_errors"))
    pages = list(twitter.pages({"since_id": SINCE}))
    assert pages[0].records[1] == ("feedback", {
        "source": "twitter", "external_id": "1790000000000000002", "channel": "social", "party": "third",
        "author": {"twitter": "piet_nl", "name": "Piet"},
        "text": "@koffiehuis bestelling 4471 kwam kapot aan. Teleurstelling.", "language": "nl",
        "posted_at": "2024-05-13T07:40:12+00:00", "url": "https://x.com/piet_nl/status/1790000000000000002"})
    assert pages[1].records == [("feedback", {  # the suspended author's post stays, without an author
        "source": "twitter", "external_id": "1790000000000000001", "channel": "social", "party": "third",
        "text": "Worth it? The grinder from @koffiehuis broke after a week", "language": "en",
        "posted_at": "2024-05-12T21:03:44+00:00", "url": "https://x.com/i/web/status/1790000000000000001"})]
    assert pages[0].state == {"since_id": SINCE, "newest_id": "1790000000000000003", "next_token": TOKEN_2}
    assert pages[1].state == {"since_id": "1790000000000000003"}


def test_resumes_an_interrupted_run_from_its_next_token(httpserver, twitter, page):
    httpserver.expect_request(PATH, query_string={**BASE, "since_id": SINCE, "next_token": TOKEN_2}
                              ).respond_with_json(page("twitter", "search_2_partial_errors"))
    state = {"since_id": SINCE, "newest_id": "1790000000000000003", "next_token": TOKEN_2}
    [only] = list(twitter.pages(state))
    assert only.state == {"since_id": "1790000000000000003"}


@pytest.mark.parametrize("name", ["empty", "empty_after_token"])
def test_empty_results_keep_since_id(httpserver, twitter, page, name):
    httpserver.expect_request(PATH).respond_with_json(page("twitter", name))
    assert [(p.records, p.state) for p in twitter.pages({"since_id": SINCE})] == [([], {"since_id": SINCE})]


def test_first_run_without_results_has_empty_state(httpserver, twitter, page):
    httpserver.expect_request(PATH, query_string=BASE).respond_with_json(page("twitter", "empty"))
    assert [p.state for p in twitter.pages()] == [{}]


def test_429_sleeps_until_the_reset(httpserver, twitter, page):
    httpserver.expect_oneshot_request(PATH).respond_with_json(page("twitter", "too_many_requests"), status=429, headers={
        "x-rate-limit-limit": "450", "x-rate-limit-remaining": "0", "x-rate-limit-reset": "1715590030"})
    httpserver.expect_oneshot_request(PATH).respond_with_json(page("twitter", "empty"))
    list(twitter.pages())
    assert twitter.slept == [30.0]


def test_429_with_a_reset_too_far_away_fails_throttled(httpserver, twitter, page):
    httpserver.expect_request(PATH).respond_with_json(page("twitter", "too_many_requests"), status=429,
                                                      headers={"x-rate-limit-reset": "1715599999"})
    with pytest.raises(SourceError) as caught:
        list(twitter.pages())
    assert caught.value.throttled and twitter.slept == []
    assert str(caught.value) == "twitter-main: HTTP 429 /2/tweets/search/recent: Too Many Requests: Too Many Requests"


@pytest.mark.parametrize("name, status, message", [
    ("unauthorized", 401, "Unauthorized: Unauthorized"),
    # a 400 keeps errors[].message, the real reason, not the generic detail
    ("invalid_request", 400, "Invalid Request: Invalid 'since_id': '1'. 'since_id' must be a tweet ID newer than "
                             "7 days ago."),
])
def test_problem_bodies(httpserver, twitter, page, client_log, assert_safe, name, status, message):
    httpserver.expect_request(PATH).respond_with_json(page("twitter", name), status=status)
    with pytest.raises(SourceError) as caught:
        list(twitter.pages())
    assert str(caught.value) == f"twitter-main: HTTP {status} {PATH}: {message}"
    assert_safe(str(caught.value), client_log(), secrets=(TOKEN,), queries=("koffiehuis", "query="))


def test_missing_query_option(make_connector):
    with pytest.raises(SourceError, match="missing option 'query'"):
        list(make_connector(TwitterConnector, {}, {"bearer_token": TOKEN}).pages())


def test_a_since_id_older_than_the_window_falls_back_to_start_time_and_says_so(httpserver, twitter, page):
    stale = "1786000000000000000"  # made about 11 days before the fixed clock
    httpserver.expect_request(PATH, query_string={**BASE, "start_time": "2024-05-06T08:48:40Z"}).respond_with_json(
        page("twitter", "search_2_partial_errors"))
    [only] = list(twitter.pages({"since_id": stale, "newest_id": "1786000000000000009", "next_token": TOKEN_2}))
    assert only.notes == ["the saved since_id is older than the 7-day recent-search window: read from start_time "
                          "2024-05-06T08:48:40+00:00 instead (posts in between are out of reach)"]
    assert only.state == {"since_id": "1790000000000000001"} and len(only.records) == 1


def test_text_is_unescaped_and_long_posts_keep_their_note_tweet_text(httpserver, twitter, page):
    long_text = "Lang verhaal over mijn espressomachine &amp; de service 😤 " + "echt waar, " * 40 + "einde."
    body = {"data": [
        {"id": "1790000000000000010", "text": "Koffie &amp; taart &lt;3 bij @koffiehuis &gt; de rest",
         "edit_history_tweet_ids": ["1790000000000000010"], "author_id": "783214", "lang": "nl",
         "created_at": "2024-05-13T08:00:00.000Z"},
        {"id": "1790000000000000011", "text": long_text[:277] + "…", "note_tweet": {"text": long_text},
         "edit_history_tweet_ids": ["1790000000000000011"], "author_id": "404", "lang": "nl",
         "created_at": "2024-05-13T08:01:00.000Z"},
        {"text": "a post without an id", "author_id": "783214"}],
        "includes": {"users": [{"id": "783214", "name": "Piet", "username": "piet_nl"}]},
        "meta": {"newest_id": "1790000000000000011", "oldest_id": "1790000000000000010", "result_count": 3}}
    httpserver.expect_request(PATH).respond_with_json(body)
    [only] = list(twitter.pages())
    texts = [r.get("text") for _kind, r in only.records]
    assert texts[0] == "Koffie & taart <3 bij @koffiehuis > de rest"
    assert texts[1] == long_text.replace("&amp;", "&") and len(texts[1]) > 280
    assert only.records[2] == ("feedback", {"_error": "twitter: missing field 'id'", "source": "twitter"})
