"""Zendesk Support incremental ticket export (cursor-based) as first-party ticket feedback."""
from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from connectors.base import Connector, compact, utc_iso
from connectors.pagination import EndOfStream, Request
from connectors.records import FEEDBACK, Page


class ZendeskConnector(Connector):
    """Tickets since start_time, then by after_cursor until end_of_stream; requesters side-loaded."""

    kind = "zendesk"
    path = "/api/v2/incremental/tickets/cursor.json"
    paginator = EndOfStream(flag=("end_of_stream",), at=("after_cursor",), param="cursor", drop=("start_time",))
    fallback_retry_after = 60.0  # some 429s arrive without Retry-After

    def default_url(self) -> str:
        return f"https://{self.option('subdomain')}.zendesk.com"

    def headers(self) -> dict:
        if self.secrets.get("access_token"):
            return {"Authorization": f"Bearer {self.secrets['access_token']}"}
        pair = f"{self.secret('email')}/token:{self.secret('api_token')}".encode()
        return {"Authorization": f"Basic {base64.b64encode(pair).decode()}"}

    def wait_hint(self, status: int, headers: Any) -> float | None:
        return self.fallback_retry_after if status == 429 else None

    def pages(self, state: dict | None = None) -> Iterator[Page]:
        # after_cursor is present even on the final page (end_of_stream: true): keep it and resume from it.
        cursor = (state or {}).get("cursor")
        params: dict = {"include": "users", "exclude_deleted": "true",
                        "per_page": min(int(self.options.get("page_size", 1000)), 1000)}
        if cursor:
            params["cursor"] = cursor
        else:
            start = self.options.get("start_date")
            params["start_time"] = int(datetime.fromisoformat(str(utc_iso(start))).timestamp()) if start else 0
        for fetched in self.paginate(Request("GET", self.path, params), self.paginator, ("tickets",)):
            cursor = fetched.body.get("after_cursor") or cursor
            users = {user.get("id"): user for user in fetched.body.get("users") or [] if isinstance(user, dict)}
            records = self.mapped(FEEDBACK, fetched.records, lambda ticket: self.feedback(ticket, users))
            yield Page(records=records, state=compact({"cursor": cursor}))

    def feedback(self, ticket: dict, users: dict[int, dict]) -> tuple[str, dict]:
        """A ticket as first-party feedback: subject and description, the requester's e-mail."""
        requester = users.get(ticket.get("requester_id")) or {}  # not side-loaded for every ticket
        return (FEEDBACK, compact({
            "source": "zendesk", "external_id": str(ticket["id"]), "channel": "ticket", "party": "first",
            "author": compact({"email": requester.get("email"), "name": requester.get("name")}),
            "text": "\n\n".join(filter(None, [ticket.get("subject"), ticket.get("description")])),
            "posted_at": utc_iso(ticket.get("created_at")),
            "url": f"{self.base_url}/agent/tickets/{ticket['id']}",
        }))
