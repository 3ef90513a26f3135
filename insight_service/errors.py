"""One error shape: RFC 9457 problem details for the API, plain HTML pages for the card."""
from __future__ import annotations

import logging

from flask import Flask, Response, g, json, render_template_string, request
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)
PROBLEM_TYPE = "https://insight-service.dev/problems/"
HTML_PREFIXES = ("/cards", "/pain-points", "/login", "/static")
RETRYABLE_SQLSTATES = ("40001", "40P01")  # PostgreSQL serialization failure, deadlock
RETRY_AFTER_SECONDS = 10  # a database restart or fail-over usually takes a few seconds


class ApiError(Exception):
    """An error the API reports as a problem document."""

    def __init__(self, status: int, title: str, detail: str | None = None, errors: list | None = None,
                 slug: str | None = None):
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.errors = status, title, detail, errors or []
        self.slug = slug or title.lower().replace(" ", "-")


def flatten_messages(messages, prefix: str = "") -> list[dict]:
    """Turn marshmallow's nested messages into [{field, message}] with dotted field paths."""
    out: list[dict] = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            field = f"{prefix}.{key}" if prefix else str(key)
            out.extend(flatten_messages(value, field))
    elif isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages):
        out.extend({"field": prefix or None, "message": m} for m in messages)
    elif isinstance(messages, list):
        for item in messages:
            out.extend(flatten_messages(item, prefix))
    else:
        out.append({"field": prefix or None, "message": str(messages)})
    return out


def problem(status: int, title: str, detail: str | None = None, errors: list | None = None,
            slug: str | None = None) -> Response:
    """Build an application/problem+json response."""
    body = {
        "type": PROBLEM_TYPE + (slug or title.lower().replace(" ", "-")),
        "title": title,
        "status": status,
        "detail": detail or title,
        "instance": request.path,
        "request_id": g.get("request_id"),
        "errors": errors or [],
    }
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


def logged_route() -> str:
    """The route of this request for a log line: a template or a redacted path, never ids or the query."""
    from .access_log import ROUTE_KEY

    return request.environ.get(ROUTE_KEY) or "-"


def wants_html() -> bool:
    """The card and the overview answer with HTML pages; everything else with problem documents."""
    return request.path.startswith(HTML_PREFIXES)


def html_error(status: int, title: str, detail: str) -> Response:
    """A small self-contained HTML error page (no user input is echoed unescaped)."""
    page = render_template_string(
        "<!doctype html><html lang=en><head><meta charset=utf-8><title>{{ title }}</title>"
        "<link rel=stylesheet href=\"/static/card.css\"></head><body class=error-page><main>"
        "<h1>{{ title }}</h1><p>{{ detail }}</p><p class=muted>Request {{ rid }}</p></main></body></html>",
        title=title, detail=detail, rid=g.get("request_id"),
    )
    return Response(page, status=status, mimetype="text/html")


def init_app(app: Flask) -> None:
    """Register the handlers that turn every failure into the one error shape."""

    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        if wants_html():
            return html_error(exc.status, exc.title, exc.detail or exc.title)
        return problem(exc.status, exc.title, exc.detail, exc.errors, exc.slug)

    @app.errorhandler(ValidationError)
    def _validation(exc: ValidationError):
        return problem(422, "Unprocessable Content", "The request did not validate.",
                       flatten_messages(exc.messages), "validation")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        detail = exc.description if exc.code != 500 else "Internal Server Error"
        if wants_html():
            return html_error(exc.code or 500, exc.name, detail)
        resp = problem(exc.code or 500, exc.name, detail)
        if exc.code == 405 and exc.valid_methods:
            resp.headers["Allow"] = ", ".join(exc.valid_methods)
        return resp

    @app.errorhandler(IntegrityError)
    @app.errorhandler(OperationalError)
    def _conflict(exc: DBAPIError):
        # A write that lost a race (a row deleted or inserted by a concurrent request, e.g. an erasure during an
        # ingest) rolls back whole: say so and invite a retry. Other operational errors (no connection, a
        # timeout, a locked or unopenable file) mean the database is unavailable.
        if isinstance(exc, OperationalError) and getattr(exc.orig, "sqlstate", None) not in RETRYABLE_SQLSTATES:
            return _unavailable(exc)
        log.warning("conflict %s in %s %s", type(exc).__name__, request.method, logged_route())
        if wants_html():
            return html_error(409, "Conflict", "A concurrent change got in the way; please try again.")
        return problem(409, "Conflict", "A concurrent change conflicted with this request; nothing was stored. "
                                        "Retry it.", slug="concurrent-change")

    @app.errorhandler(InterfaceError)
    @app.errorhandler(PoolTimeout)
    def _unavailable(exc: Exception):
        # the type only: a driver's message can name the host, the user or a statement's values
        log.error("database unavailable (%s) in %s %s", type(exc).__name__, request.method, logged_route())
        if wants_html():
            resp = html_error(503, "Service Unavailable", "The database did not answer; please try again shortly.")
        else:
            resp = problem(503, "Service Unavailable", "The database is unreachable or did not answer in time. "
                                                       "Retry after the number of seconds in Retry-After.",
                           slug="database-unavailable")
        resp.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return resp

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        # Log the type and request id only: messages of driver errors can carry personal data.
        log.error("unhandled %s in %s %s", type(exc).__name__, request.method, logged_route(),
                  exc_info=app.debug or app.testing)
        if wants_html():
            return html_error(500, "Something went wrong", "The error was logged; please try again.")
        return problem(500, "Internal Server Error", "The error was logged with the request id.")
