"""X (Twitter) API v2 recent search: public posts matching a query as third-party social feedback."""
from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from connectors.base import Connector, compact, utc_iso
from connectors.pagination import BodyCursor, Request, dig
from connectors.records import FEEDBACK, Page

EPOCH_MS = 1_288_834_974_657  # X's snowflake ids count milliseconds from here, shifted left by 22 bits
WINDOW = 7 * 24 * 3600  # recent search reaches back 7 days; an older since_id is a 400 on every run
MARGIN = 120  # seconds inside the window, so the request is still valid when it arrives


def snowflake_seconds(post_id: Any) -> float | None:
    """The epoch second a post id was made, or None for an id that is not a snowflake."""
    try:
        value = int(post_id)
    except (TypeError, ValueError):
        return None
    return ((value >> 22) + EPOCH_MS) / 1000


class TwitterConnector(Connector):
    """Recent search with author expansion; resumes with since_id once a whole run has been stored."""

    kind = "twitter"
    default_base_url = "https://api.twitter.com"
    path = "/2/tweets/search/recent"
    paginator = BodyCursor(at=("meta", "next_token"), param="next_token")

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.secret('bearer_token')}"}

    def wait_hint(self, status: int, headers: Any) -> float | None:
        reset = headers.get("x-rate-limit-reset")
        if status != 429 or not reset:
            return None
        return max(0.0, float(reset) - self.clock())  # the window reopens at an epoch second

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        # Results come newest first. newest_id becomes since_id only after the last page; until then the
        # state carries the run in progress (next_token does not expire), so it is correct after every page.
        state = dict(state or {})
        since_id, newest, token = state.get("since_id"), state.get("newest_id"), state.get("next_token")
        params = {
            "query": self.option("query"), "max_results": int(self.options.get("page_size", 100)),
            "expansions": "author_id", "tweet.fields": "created_at,author_id,lang,note_tweet",
            "user.fields": "username,name",
        }
        notes = []
        made = snowflake_seconds(since_id) if since_id else None
        if made is not None and made < self.clock() - WINDOW + MARGIN:
            # The sync was off for more than the window: resume from its start instead of failing every run.
            start = datetime.fromtimestamp(self.clock() - WINDOW + MARGIN, timezone.utc).replace(microsecond=0)
            notes.append(f"the saved since_id is older than the 7-day recent-search window: read from start_time "
                         f"{start.isoformat()} instead (posts in between are out of reach)")
            params["start_time"] = start.isoformat().replace("+00:00", "Z")
            since_id = newest = token = None
        params.update(compact({"since_id": since_id, "next_token": token}))
        for fetched in self.paginate(Request("GET", self.path, params), self.paginator, ("data",)):
            newest = newest or dig(fetched.body, ("meta", "newest_id"))
            if fetched.next is None:
                state = compact({"since_id": newest or since_id})
            else:
                state = compact({"since_id": since_id, "newest_id": newest,
                                 "next_token": fetched.next.params["next_token"]})
            yield Page(records=self.feedback(fetched.records, fetched.body), state=state, notes=notes)
            notes = []

    def feedback(self, tweets: list[dict], body: Any) -> list[tuple[str, dict]]:
        """Posts joined to includes.users; an author the API could not resolve (partial errors) stays blank."""
        users = {u.get("id"): u for u in dig(body, ("includes", "users")) or [] if isinstance(u, dict)}
        return self.mapped(FEEDBACK, tweets, lambda tweet: self.post(tweet, users))

    def post(self, tweet: dict, users: dict) -> tuple[str, dict]:
        """One post; a long post's full text is in note_tweet (text holds its first 280 characters), and the API
        sends &amp; &lt; &gt; escaped."""
        user = users.get(tweet.get("author_id")) or {}
        handle = user.get("username")
        text = dig(tweet, ("note_tweet", "text")) or tweet.get("text")
        return (FEEDBACK, compact({
            "source": "twitter", "external_id": tweet["id"], "channel": "social", "party": "third",
            "author": compact({"twitter": handle, "name": user.get("name")}),
            "text": html.unescape(text) if isinstance(text, str) else text,
            "language": None if tweet.get("lang") == "und" else tweet.get("lang"),
            "posted_at": utc_iso(tweet.get("created_at")),
            "url": f"https://x.com/{handle or 'i/web'}/status/{tweet['id']}",
        }))
