"""Access logs without personal data or credentials: the route, never the path, query string or headers.

A request line carries `?email=` look-ups, `?t=` signed links (bearer credentials) and customer ids in paths,
and a log line outlives an erasure. The app writes the matched route template (or the path with every segment
no route names redacted) into the WSGI environ; gunicorn's logger (`RedactingLogger`) and the development
server's log read that instead of what the client sent.
"""
from __future__ import annotations

import logging
import re

from flask import Flask, request
from gunicorn.glogging import Logger

ROUTE_KEY = "insight.route"
# time, request id, method, route, status, bytes, duration in ms
ACCESS_FORMAT = '%(t)s [%({x-request-id}o)s] "%(r)s" %(s)s %(B)s %(M)sms'
SAFE_HEADERS = frozenset({"x-request-id", "content-type", "content-length", "user-agent"})
REDACTED = ":x"


def redact_path(path: str, words: frozenset[str]) -> str:
    """The path with every segment that is not a fixed word of some route replaced by ':x'."""
    return "/".join(s if not s or s in words else REDACTED for s in path.split("/")) or "/"


def route_words(app: Flask) -> frozenset[str]:
    """The fixed segments of the app's routes (made once per app)."""
    if "route_words" not in app.extensions:
        app.extensions["route_words"] = frozenset(
            s for rule in app.url_map.iter_rules() for s in rule.rule.split("/") if s and "<" not in s)
    return app.extensions["route_words"]


def record_route(app: Flask) -> None:
    """Put the route of this request (a template, or the redacted path) where the access loggers read it."""
    rule = request.url_rule
    request.environ[ROUTE_KEY] = rule.rule if rule is not None else redact_path(request.path, route_words(app))


class RedactingLogger(Logger):
    """gunicorn's logger whose access-log atoms hold the route and no query, credential or personal header."""

    def atoms(self, resp, req, environ, request_time):
        """gunicorn's atoms with the request line, path, query, referer, user, cookies and environ redacted."""
        atoms = super().atoms(resp, req, environ, request_time)
        route = environ.get(ROUTE_KEY) or "-"
        safe = {key: value for key, value in atoms.items() if len(key) == 1}
        safe.update({key: value for key, value in atoms.items()
                     if key.endswith("}i") and key[1:-2] in SAFE_HEADERS})
        safe.update({key: value for key, value in atoms.items()
                     if key.endswith("}o") and key[1:-2] in SAFE_HEADERS})
        safe.update(r=f"{atoms['m']} {route} {atoms['H']}", U=route, q="-", f="-", u="-")
        return safe


DEV_REQUEST_LINE = re.compile(r"^(\S+) (\S+)(.*)$", re.DOTALL)


class DevServerFilter(logging.Filter):
    """The development server logs the raw request line: keep its path without query or numbers."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            found = DEV_REQUEST_LINE.match(record.args[0])
            if found:
                path = "/".join(REDACTED if re.search(r"[\d@%]", s) else s
                                for s in found[2].split("?")[0].split("/"))
                record.args = (f"{found[1]} {path}{found[3]}", *record.args[1:])
        return True


def init_app(app: Flask) -> None:
    """Record each request's route before anything else runs, and redact the development server's log."""
    app.before_request_funcs.setdefault(None, []).insert(0, lambda: record_route(app))
    dev_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, DevServerFilter) for f in dev_log.filters):
        dev_log.addFilter(DevServerFilter())
