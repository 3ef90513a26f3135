"""Facebook Graph API: comments on a page's posts as third-party social feedback."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from connectors.base import Connector, compact, utc_iso
from connectors.pagination import BodyCursor, Request, dig
from connectors.records import FEEDBACK, Page

OWN_ANSWERS = "the Page's own comments and replies"


class FacebookConnector(Connector):
    """Comments per post (listed in options or read from the page's posts), cursor-paged, newest kept per post."""

    kind = "facebook"
    default_base_url = "https://graph.facebook.com"
    api_version = "v19.0"
    throttle_codes = frozenset({4, 17, 32, 613})  # app, user, page and custom-rate limits (HTTP 400/403, not 429)
    comment_fields = "id,message,created_time,from,permalink_url"
    # Follow cursors.after rather than paging.next: a next URL can carry an access_token in its query string.
    paginator = BodyCursor(at=("paging", "cursors", "after"), param="after", require=("paging", "next"))

    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.secret('access_token')}"}

    def retry_delay(self, status: int, headers: Any, body: Any, attempt: int) -> float | None:
        if dig(body, ("error", "code")) not in self.throttle_codes:
            return None
        return self.backoff_factor * 2 ** attempt

    def is_throttled(self, status: int, body: Any) -> bool:
        return status == 429 or dig(body, ("error", "code")) in self.throttle_codes

    def version(self) -> str:
        """The Graph API version prefix."""
        return str(self.options.get("api_version", self.api_version))

    def post_ids(self) -> Iterator[str]:
        """The configured post ids, or every post of the configured page (since start_date when given)."""
        if self.options.get("post_ids"):
            yield from (str(post_id) for post_id in self.options["post_ids"])
            return
        params: dict = {"fields": "id", "limit": 100}
        if self.options.get("start_date"):
            params["since"] = int(datetime.fromisoformat(str(utc_iso(self.options["start_date"]))).timestamp())
        request = Request("GET", f"/{self.version()}/{self.option('page_id')}/posts", params)
        for fetched in self.paginate(request, self.paginator, ("data",)):
            yield from (str(post["id"]) for post in fetched.records)

    def page_id(self, post_id: str) -> str:
        """The Page that owns a post: configured, or the prefix of a page post id ('<page>_<post>')."""
        return str(self.options.get("page_id") or post_id.partition("_")[0])

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        # Graph cursors are invalidated when items are deleted, so the state keeps the newest comment time
        # per post instead; comments are read oldest first and older ones are skipped.
        newest: dict[str, str] = dict((state or {}).get("posts", {}))
        for post_id in self.post_ids():
            since, own = newest.get(post_id, ""), self.page_id(post_id)
            params = {"fields": self.comment_fields, "filter": "stream", "order": "chronological",
                      "limit": int(self.options.get("page_size", 100))}
            request = Request("GET", f"/{self.version()}/{post_id}/comments", params)
            for fetched in self.paginate(request, self.paginator, ("data",)):
                times = [utc_iso(c.get("created_time")) or "" for c in fetched.records if isinstance(c, dict)]
                fresh = [c for c, t in zip(fetched.records, times) if t >= since]
                if max(times, default=""):
                    newest[post_id] = max(newest.get(post_id, ""), max(times))
                # The Page's own answers (its comments and replies in the stream) are ours, not a customer's.
                answers = [c for c in fresh if str(dig(c, ("from", "id")) or "") == own]
                records = self.mapped(FEEDBACK, [c for c in fresh if c not in answers], self.feedback)
                yield Page(records=records, state={"posts": dict(newest)},
                           skipped={OWN_ANSWERS: len(answers)} if answers else {})

    def feedback(self, comment: dict) -> tuple[str, dict] | None:
        """A comment as feedback; one without text (a sticker or photo only) says nothing to analyse."""
        if not comment.get("message"):
            return None
        author = comment.get("from") or {}  # only present when the token may moderate the page
        return (FEEDBACK, compact({
            "source": "facebook", "external_id": comment["id"], "channel": "social", "party": "third",
            "author": compact({"facebook": author.get("id"), "name": author.get("name")}),
            "text": comment["message"], "posted_at": utc_iso(comment.get("created_time")),
            "url": comment.get("permalink_url"),
        }))
