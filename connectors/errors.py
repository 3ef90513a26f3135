"""SourceError, the one connector failure, and the parsing of vendor error bodies into safe text."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

# Long enough for the vendors' whole reasons (a Graph permission error names the permission near its end), short
# enough for the run row (1,000 characters with the source and path in front).
MAX_MESSAGE = 800
# A query string can carry tokens (Facebook access_token, Trustpilot apikey) or personal search terms.
_QUERY = re.compile(r"\?[^\s'\"]*")


class SourceError(Exception):
    """A source could not be read; str() names the source, status and URL path only."""

    def __init__(self, source: str, status: int | None, path: str, message: str, *, throttled: bool = False) -> None:
        self.source = source
        self.status = status
        self.path = safe_path(path)
        self.message = " ".join(_QUERY.sub("", message).split())[:MAX_MESSAGE]  # one line, bounded
        self.throttled = throttled
        self.codes: tuple[str, ...] = ()  # the vendor's error codes (no message text): safe to keep per record
        super().__init__(str(self))

    def __str__(self) -> str:
        status = f"HTTP {self.status}" if self.status is not None else "no response"
        return f"{self.source}: {status} {self.path}: {self.message}"


def safe_path(url: str) -> str:
    """The path of a URL without scheme, credentials, host, query string or fragment."""
    return urlsplit(url).path or "/"


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every secret value that occurs in text (vendors sometimes echo a token back)."""
    for secret in secrets:
        if isinstance(secret, str) and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def error_message(body: Any, fallback: str) -> str:
    """A short message from any of the vendors' error body shapes: message, category and code only."""
    if isinstance(body, list) and body and isinstance(body[0], dict):
        first = body[0]  # Salesforce: [{"message", "errorCode", "fields"?}]
        return _join(first.get("errorCode"), first.get("message")) or fallback
    if not isinstance(body, dict):
        return fallback
    error = body.get("error")
    if isinstance(error, dict):  # Facebook: {"error": {"message", "type", "code", ...}}
        code = error.get("code")
        label = " ".join(str(part) for part in (error.get("type"), code) if part is not None)
        return _join(label, error.get("message")) or fallback
    if isinstance(error, str):  # Zendesk: {"error": "RecordNotFound", "description"}
        description = body.get("description")
        return _join(error, description if isinstance(description, str) else None)
    if body.get("status") == "error":  # HubSpot: {"status": "error", "message", "category"}
        return _join(body.get("category") or body.get("policyName"), body.get("message")) or fallback
    if "title" in body or "detail" in body:  # X problem+json; a 400 says the real reason in errors[].message
        reasons = [e.get("message") for e in body.get("errors") or [] if isinstance(e, dict) and e.get("message")]
        return _join(body.get("title"), " ".join(reasons) or body.get("detail")) or fallback
    fault = body.get("fault")
    if isinstance(fault, dict):  # Apigee gateways (Trustpilot): {"fault": {"faultstring", "detail": {"errorcode"}}}
        return _join(dig_code(fault), fault.get("faultstring")) or fallback
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):  # X v1.1 style
        return _join(errors[0].get("code"), errors[0].get("message")) or fallback
    return _join(None, body.get("message")) or fallback


CODE = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def error_codes(body: Any) -> tuple[str, ...]:
    """The machine-readable codes of an error body (Salesforce errorCode/statusCode, HubSpot category,
    subCategory and errors[].code), never its messages: messages can quote the values that were sent."""
    items = body if isinstance(body, list) else [body] if isinstance(body, dict) else []
    found: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        nested = [e for e in item.get("errors") or [] if isinstance(e, dict)]
        for value in [item.get(k) for k in ("errorCode", "statusCode", "category", "subCategory", "policyName")] + [
                e.get(k) for e in nested for k in ("code", "statusCode", "subCategory")]:
            if isinstance(value, str) and CODE.match(value) and value not in found:
                found.append(value)
    return tuple(found)


def dig_code(fault: dict) -> Any:
    """An Apigee fault's error code, when present."""
    detail = fault.get("detail")
    return detail.get("errorcode") if isinstance(detail, dict) else None


def _join(label: Any, message: Any) -> str:
    """'label: message' with whichever parts exist."""
    parts = [str(part) for part in (label, message) if part not in (None, "")]
    return ": ".join(parts)


class QueryStringFilter(logging.Filter):
    """Strip query strings from urllib3's log records, which print the full request URL on retries."""

    def filter(self, record: logging.LogRecord) -> bool:
        if "?" in record.getMessage():
            record.msg, record.args = _QUERY.sub("?<redacted>", record.getMessage()), None
        return True


for _name in ("urllib3.connectionpool", "urllib3.util.retry"):
    _logger = logging.getLogger(_name)
    if not any(isinstance(f, QueryStringFilter) for f in _logger.filters):
        _logger.addFilter(QueryStringFilter())
