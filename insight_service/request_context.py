"""Request ids on every response and log line, and the security headers every response carries."""
from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, abort, current_app, g, has_request_context, request

REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
HSTS_SECONDS = 365 * 24 * 3600  # a year; no includeSubDomains: other hosts of the domain are not ours to pin


class RequestIdFilter(logging.Filter):
    """Add the current request id to log records."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def configure_logging(level: str) -> None:
    """Log one line per event with the request id; configured once per process."""
    root = logging.getLogger()
    if any(isinstance(f, RequestIdFilter) for h in root.handlers for f in h.filters):
        return
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"))
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("alembic").setLevel(logging.WARNING)  # its INFO lines are noise in CLI output


def init_app(app: Flask) -> None:
    """Assign or echo X-Request-ID and set the headers every response needs."""

    @app.before_request
    def _assign_id():
        incoming = request.headers.get("X-Request-ID", "")
        g.request_id = incoming if REQUEST_ID.match(incoming) else uuid.uuid4().hex
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        if limit and (request.content_length or 0) > limit:
            abort(413)  # refuse before routing or reading, whatever the route

    hops = int(app.config.get("PROXY_HOPS") or 0)
    if hops > 0:  # only then is X-Forwarded-Proto (https at the proxy) believed: a client could send it too
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops)

    @app.after_request
    def _headers(response):
        response.headers["X-Request-ID"] = g.get("request_id", "")
        if request.is_secure:  # browsers honour HSTS only when it comes over HTTPS
            response.headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if request.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        else:
            html_headers(response, current_app.config.get("FRAME_ANCESTORS", "'self'"))
        return response


def frame_ancestors(raw: str) -> str:
    """The frame-ancestors sources from config: origins or keywords, nothing that could end the directive."""
    directive = (raw or "").split(";")[0]
    sources = [s for s in re.split(r"[\s,]+", directive) if s and not re.search(r"[\"<>\x00-\x1f]", s)]
    return " ".join(sources) or "'none'"


def html_headers(response, ancestors_raw: str) -> None:
    """A strict CSP (nothing inline, nothing third-party) and framing only by the configured origins."""
    ancestors = frame_ancestors(ancestors_raw)
    response.headers.setdefault("Content-Security-Policy", (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
        f"frame-ancestors {ancestors}; base-uri 'none'; form-action 'self'"))
    # X-Frame-Options can name no other origin: only for 'self' and 'none' (CSP governs modern browsers).
    legacy = {"'self'": "SAMEORIGIN", "'none'": "DENY"}.get(ancestors)
    if legacy:
        response.headers.setdefault("X-Frame-Options", legacy)
    if response.mimetype == "text/html":
        response.headers.setdefault("Cache-Control", "no-store")
