"""Paginators: given a request and the page it returned, build the request for the next page or stop."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from connectors.errors import SourceError


def dig(body: Any, path: tuple[str, ...]) -> Any:
    """The value at a key path in nested dicts, or None when any step is missing."""
    for key in path:
        if not isinstance(body, dict):
            return None
        body = body.get(key)
    return body


@dataclass(frozen=True)
class Request:
    """One HTTP request: a path (or absolute URL), query parameters and an optional JSON body."""

    method: str
    url: str
    params: dict = field(default_factory=dict)
    json: dict | None = None

    def with_param(self, where: str, name: str, value: Any) -> Request:
        """A copy with one query parameter (where='params') or JSON body field (where='json') set."""
        if where == "json":
            return replace(self, json={**(self.json or {}), name: value})
        return replace(self, params={**self.params, name: value})


@dataclass
class Paginator:
    """Base: stop on an empty page, refuse a token seen before (a looping API must not loop us)."""

    source: str = ""
    seen: set = field(default_factory=set, init=False, repr=False)

    def fresh(self, source: str) -> Paginator:
        """A new paginator with the same settings and no memory, for one run of one stream."""
        return replace(self, source=source)

    def remember(self, token: Any, request: Request) -> None:
        """Record a token; raise SourceError when the API hands out the same one twice."""
        if token in self.seen:
            raise SourceError(self.source, 200, request.url, "the API repeated a page cursor")
        self.seen.add(token)

    def next(self, request: Request, body: Any, records: list) -> Request | None:
        """The request for the next page, or None when this was the last one."""
        raise NotImplementedError


@dataclass
class BodyCursor(Paginator):
    """A cursor in a body field sent back as a parameter (HubSpot after, X next_token, Graph after)."""

    at: tuple[str, ...] = ("paging", "next", "after")
    param: str = "after"
    where: str = "params"
    require: tuple[str, ...] = ()  # a field that must also be present to go on (Graph: paging.next)

    def next(self, request: Request, body: Any, records: list) -> Request | None:
        token = dig(body, self.at)
        if not records or token in (None, "") or (self.require and not dig(body, self.require)):
            return None
        self.remember(token, request)
        return request.with_param(self.where, self.param, token)


@dataclass
class NextUrl(Paginator):
    """A ready-made URL for the next page, fetched with no parameters (Salesforce nextRecordsUrl)."""

    at: tuple[str, ...] = ("nextRecordsUrl",)
    done: tuple[str, ...] = ("done",)

    def next(self, request: Request, body: Any, records: list) -> Request | None:
        url = dig(body, self.at)
        if not records or not url or dig(body, self.done) is True:
            return None
        self.remember(url, request)
        return Request("GET", url)


@dataclass
class PageNumber(Paginator):
    """Numbered pages; a page shorter than the page size (or empty) is the last (Trustpilot)."""

    param: str = "page"
    size: int = 20
    first: int = 1

    def next(self, request: Request, body: Any, records: list) -> Request | None:
        if len(records) < self.size:
            return None
        page = int(request.params.get(self.param, self.first)) + 1
        self.remember(page, request)
        return request.with_param("params", self.param, page)


@dataclass
class EndOfStream(Paginator):
    """A cursor plus an end-of-stream flag (Zendesk incremental export); the cursor replaces the start."""

    flag: tuple[str, ...] = ("end_of_stream",)
    at: tuple[str, ...] = ("after_cursor",)
    param: str = "cursor"
    drop: tuple[str, ...] = ("start_time",)

    def next(self, request: Request, body: Any, records: list) -> Request | None:
        token = dig(body, self.at)
        if dig(body, self.flag) is True or not records or not token:
            return None
        self.remember(token, request)
        params = {k: v for k, v in request.params.items() if k not in self.drop}
        return replace(request, params={**params, self.param: token})
