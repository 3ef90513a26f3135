"""Scans that prove what must not leak: every table, every response body."""
from __future__ import annotations

from sqlalchemy import select

from insight_service.models import Base


def table_dump(session) -> str:
    """Every row of every table as one lower-cased text."""
    parts = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            parts.append(" ".join(str(v) for v in row))
    return "\n".join(parts).lower()


def assert_absent(haystack: str, needles) -> None:
    """Fail naming the first needle found."""
    text = haystack.lower()
    for needle in needles:
        assert needle.lower() not in text, f"{needle!r} leaked"
