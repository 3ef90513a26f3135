"""What CRM writers share: sessions that retry writes safely, per-record outcomes, and safe failure reasons."""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import requests

from connectors.errors import SourceError, error_codes
from connectors.pagination import Request

# Setting fields to values is idempotent, so updates are retried like reads; a create is retried on 429 only:
# a 5xx may come after the record was made, and a second try would make it twice.
WRITE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PATCH", "DELETE"})
# A whole batch refused for its content: the records are failed, the run goes on.
BATCH_REFUSED = (400, 404, 409, 413, 422)

FIELDS = ("sentiment", "risk_level", "top_pain_point", "last_complaint_date", "card_link")


@dataclass
class WriteResult:
    """Per record of a batch: written, or failed with a reason made of codes only (never a value)."""

    ok: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def reason(codes: tuple[str, ...] | list[str], status: int | None = None, fields: list | None = None) -> str:
    """A failure reason fit to keep: status, vendor codes and field names, nothing the vendor quoted."""
    parts = [f"HTTP {status}"] if status is not None else []
    parts += list(codes) or ["no error code"]
    named = [str(f) for f in fields or [] if isinstance(f, str)][:5]
    return " ".join(parts) + (f" (fields: {', '.join(named)})" if named else "")


def refused(exc: SourceError) -> str:
    """The reason a whole batch was refused."""
    return reason(exc.codes, exc.status)


class Writer:
    """Mixin for a Connector that writes: PATCH and batch POSTs retried, creating requests only on 429."""

    _creating = False

    def _make_session(self) -> requests.Session:
        self.create_session = self.mounted(self.make_retry(WRITE_METHODS, (429,)))
        return self.mounted(self.make_retry(WRITE_METHODS, tuple(self.retry_statuses)))

    def session_for(self, request: Request) -> requests.Session:
        # a caller-provided session (no create session of ours) is used as is, like the connectors do
        return getattr(self, "create_session", self.session) if self._creating else self.session

    @contextmanager
    def creating(self):
        """Send the requests inside on the create session (no retry after a 5xx)."""
        self._creating = True
        try:
            yield
        finally:
            self._creating = False

    def create(self, request: Request) -> Any:
        """Send one creating request; its parsed body."""
        with self.creating():
            return self.fetch(request)

    @staticmethod
    def codes_of(body: Any) -> tuple[str, ...]:
        """The error codes of one record's failure."""
        return error_codes(body)
