"""Trustpilot business-unit reviews (public API, or the private API with e-mail and order reference)."""
from __future__ import annotations

from collections.abc import Iterator

from connectors.base import Connector, compact, utc_iso
from connectors.pagination import PageNumber, Request, dig
from connectors.records import FEEDBACK, Page


class TrustpilotConnector(Connector):
    """Numbered pages oldest first; a short or empty page is the last. Reviews are public third-party text."""

    kind = "trustpilot"
    default_base_url = "https://api.trustpilot.com"
    public_path = "/v1/business-units/{unit}/reviews"
    private_path = "/v1/private/business-units/{unit}/reviews"

    @property
    def private(self) -> bool:
        """Whether the private API (business-user token; consumer e-mail, referenceId, startDateTime) is used."""
        return bool(self.options.get("private"))

    def headers(self) -> dict:
        headers = {"apikey": self.secret("api_key")}  # a header, never ?apikey=, so it cannot reach a log line
        if self.private:
            headers["Authorization"] = f"Bearer {self.secret('access_token')}"
        return headers

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        # Only the private API filters by date, so only it is incremental; the public API is re-read in full
        # each run and the store's upsert by (source, external_id) keeps that idempotent.
        state = dict(state or {})
        size = min(int(self.options.get("page_size", 100)), 100)
        path = (self.private_path if self.private else self.public_path).format(unit=self.option("business_unit_id"))
        params: dict = {"page": 1, "perPage": size, "orderBy": "createdat.asc"}
        since = state.get("since") or self.options.get("start_date")
        if self.private and since:
            params["startDateTime"] = since
        for fetched in self.paginate(Request("GET", path, params), PageNumber(param="page", size=size), ("reviews",)):
            stamp = dig(fetched.records[-1], ("createdAt",)) if fetched.records else None
            if self.private and stamp:
                state = {"since": stamp}
            yield Page(records=self.mapped(FEEDBACK, fetched.records, self.feedback), state=dict(state))

    def feedback(self, review: dict) -> tuple[str, dict]:
        """A review as feedback: rating = stars, text = title and body."""
        consumer = review.get("consumer") or {}
        return (FEEDBACK, compact({
            "source": "trustpilot", "external_id": review["id"], "channel": "review", "party": "third",
            "author": compact({"trustpilot": consumer.get("id"), "name": consumer.get("displayName"),
                               "email": consumer.get("email")}),
            "text": "\n\n".join(filter(None, [review.get("title"), review.get("text")])),
            "rating": review.get("stars"), "language": review.get("language"),
            "posted_at": utc_iso(review.get("createdAt")), "order_ref": review.get("referenceId"),
            "url": f"https://www.trustpilot.com/reviews/{review['id']}",
        }))
