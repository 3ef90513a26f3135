"""Pain-point aggregates cached per process, versioned by the data they were computed from.

An aggregate scans every pain point, so dashboards that reload it would rescan a large table each time. The
cache key holds the query, and each read first asks the database for a cheap version: the newest feedback
id and change time (indexed), the newest purchase and the count of privacy changes. Any new, edited,
relinked or re-analysed item bumps `feedback.updated_at`. A privacy change (opt-out, withdrawal, erasure,
retention purge) also bumps the privacy counter in its own transaction (`privacy/lock.py`), so no cached quote
or count outlives it on any worker, even when another writer's newer `updated_at` committed first or the
clocks of two machines differ. The entries are de-identified aggregates: k-anonymous cells, scrubbed quotes.
"""
from __future__ import annotations

import threading
import time
from collections import OrderedDict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...analysis import taxonomy
from ...models import ChangeCounter, Feedback, Purchase
from ..privacy.lock import PRIVACY
from .pain_points import aggregate_rows

MAX_ENTRIES = 32
TTL_SECONDS = 600
_entries: OrderedDict[tuple, tuple[tuple, float, list[dict], dict]] = OrderedDict()
_kept: dict[str, tuple[tuple, float, dict]] = {}
_lock = threading.Lock()


# What the aggregates (and the product affinity table) depend on, in one statement of five index lookups: each
# scalar subquery is a MAX() of its own, which SQLite and PostgreSQL answer from one end of an index (two MAX()
# in one SELECT would scan). Built once, so a read can send it with its other statements (VERSIONED below).
VERSION = select(select(func.max(Feedback.id)).scalar_subquery(),
                 select(func.max(Feedback.updated_at)).scalar_subquery(),
                 select(func.max(Purchase.id)).scalar_subquery(),
                 select(Purchase.created_at).order_by(Purchase.id.desc()).limit(1).scalar_subquery(),
                 select(ChangeCounter.value).where(ChangeCounter.name == PRIVACY).scalar_subquery())
VERSIONED = "aggregates.version"  # session.info: the VERSION row a read fetched with its first statements


def version_row(session: Session) -> tuple:
    """(newest feedback id, newest feedback change, newest purchase id, its created_at, privacy changes): the row
    the current read fetched ahead (remember_version), else asked now."""
    row = session.info.get(VERSIONED)
    return tuple(row) if row is not None else tuple(session.execute(VERSION).one())


def remember_version(session: Session, row) -> None:
    """Keep the VERSION row a read fetched with its other statements, until forget_version."""
    session.info[VERSIONED] = row


def forget_version(session: Session) -> None:
    """Drop a row fetched ahead (later reads of the session ask again)."""
    session.info.pop(VERSIONED, None)


def data_version(session: Session) -> tuple:
    """What the aggregates depend on: the newest feedback id and change, the newest purchase, the privacy changes."""
    newest_id, newest_change, newest_purchase, _bought_at, privacy = version_row(session)
    return (session.get_bind().url.render_as_string(hide_password=True), newest_id, newest_change,
            newest_purchase, privacy or 0, taxonomy().version)


def _key(kwargs: dict) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, (list, tuple)) else v) for k, v in kwargs.items()))


def _copy(rows: list[dict]) -> list[dict]:
    """Copies the caller may change: cells hold plain values and one list of quotes (deepcopy costs 10x more)."""
    return [{**row, "quotes": list(row["quotes"])} for row in rows]


def clear() -> None:
    """Forget every cached aggregate and kept count (benchmarks measure cold calls with it)."""
    with _lock:
        _entries.clear()
        _kept.clear()


def kept(session: Session, name: str) -> dict:
    """A dict of this process for `name` that lives as long as the data version (and TTL_SECONDS): counts a
    caller fills as it needs them, each computed from the data of this version."""
    version, now = data_version(session), time.monotonic()
    with _lock:
        entry = _kept.get(name)
        if entry is None or entry[0] != version or now - entry[1] > TTL_SECONDS:
            entry = _kept[name] = (version, now, {})
        return entry[2]


def cached_result(session: Session, name: str, compute, **kwargs):
    """compute(session, **kwargs) under the same versioned cache as the aggregates (a deep copy to the caller)."""
    import copy

    key, version, now = (name, *_key(kwargs)), data_version(session), time.monotonic()
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] == version and now - entry[1] <= TTL_SECONDS:
            _entries.move_to_end(key)
            return copy.deepcopy(entry[2])
    result = compute(session, **kwargs)
    with _lock:
        _entries[key] = (version, now, result, {})
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return copy.deepcopy(result)


def cached_aggregate(session: Session, *, stats: dict | None = None, **kwargs) -> list[dict]:
    """aggregate_rows(session, **kwargs) as a list, from the cache when the data has not changed."""
    key, version, now = _key(kwargs), data_version(session), time.monotonic()
    with _lock:
        entry = _entries.get(key)
        if entry is not None and entry[0] == version and now - entry[1] <= TTL_SECONDS:
            _entries.move_to_end(key)
            if stats is not None:
                stats.update(entry[3])
            return _copy(entry[2])
    computed_stats: dict = {}
    rows = list(aggregate_rows(session, stats=computed_stats, **kwargs))
    with _lock:
        _entries[key] = (version, now, rows, computed_stats)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    if stats is not None:
        stats.update(computed_stats)
    return _copy(rows)
