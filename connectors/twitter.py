"""X (Twitter) API v2 recent search: public posts matching a query as third-party social feedback."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from connectors.base import Connector, compact, utc_iso
from connectors.pagination import BodyCursor, Request, dig
from connectors.records import FEEDBACK, Page


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
        since_id, newest = state.get("since_id"), state.get("newest_id")
        params = {
            "query": self.option("query"), "max_results": int(self.options.get("page_size", 100)),
            "expansions": "author_id", "tweet.fields": "created_at,author_id,lang",
            "user.fields": "username,name",
        }
        params.update(compact({"since_id": since_id, "next_token": state.get("next_token")}))
        for fetched in self.paginate(Request("GET", self.path, params), self.paginator, ("data",)):
            newest = newest or dig(fetched.body, ("meta", "newest_id"))
            if fetched.next is None:
                state = compact({"since_id": newest or since_id})
            else:
                state = compact({"since_id": since_id, "newest_id": newest,
                                 "next_token": fetched.next.params["next_token"]})
            yield Page(records=self.feedback(fetched.records, fetched.body), state=state)

    def feedback(self, tweets: list[dict], body: Any) -> list[tuple[str, dict]]:
        """Posts joined to includes.users; an author the API could not resolve (partial errors) stays blank."""
        users = {u["id"]: u for u in dig(body, ("includes", "users")) or []}
        out = []
        for tweet in tweets:
            user = users.get(tweet.get("author_id"), {})
            handle = user.get("username")
            out.append((FEEDBACK, compact({
                "source": "twitter", "external_id": tweet["id"], "channel": "social", "party": "third",
                "author": compact({"twitter": handle, "name": user.get("name")}),
                "text": tweet.get("text"), "language": None if tweet.get("lang") == "und" else tweet.get("lang"),
                "posted_at": utc_iso(tweet.get("created_at")),
                "url": f"https://x.com/{handle or 'i/web'}/status/{tweet['id']}",
            })))
        return out
