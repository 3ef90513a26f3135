"""The consent ledger's state: derive each purpose's state at any moment from the appended events."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ...models import ConsentEvent, utcnow
from ...schemas.records import PURPOSES
from ..sql import any_of

# When two events take effect at the same moment, the most restrictive one wins.
RESTRICTIVENESS = {"granted": 0, "denied": 1, "withdrawn": 2}


def _state_of(events: list, at: datetime) -> dict:
    effective = [e for e in events if e.valid_from <= at]
    if not effective:
        return {"status": "unknown", "granted": False, "since": None, "expires_at": None, "source": None}
    last = max(effective, key=lambda e: (e.valid_from, RESTRICTIVENESS[e.status], e.id))
    expired = last.status == "granted" and last.expires_at is not None and last.expires_at <= at
    return {"status": "expired" if expired else last.status, "granted": last.status == "granted" and not expired,
            "since": last.valid_from, "expires_at": last.expires_at, "source": last.source}


# What a state is derived from, read as plain rows (ORM objects cost several times more per event).
EVENT_COLUMNS = (ConsentEvent.id, ConsentEvent.customer_id, ConsentEvent.purpose, ConsentEvent.status,
                 ConsentEvent.valid_from, ConsentEvent.expires_at, ConsentEvent.source)


# One customer's events, built once (a per-customer read sends it together with its other statements).
ONE_CUSTOMER_EVENTS = select(*EVENT_COLUMNS).where(ConsentEvent.customer_id == bindparam("cid"))


def states_from_events(rows, customer_id: int, at: datetime | None = None) -> dict[str, dict]:
    """purpose -> state of one customer at a moment (now by default), from the rows of ONE_CUSTOMER_EVENTS."""
    at = at or utcnow()
    events: dict[str, list] = defaultdict(list)
    for event in rows:
        events[event.purpose].append(event)
    return {p: _state_of(events.get(p, []), at) for p in PURPOSES}


def consent_states(session: Session, customer_ids, at: datetime | None = None) -> dict[int, dict[str, dict]]:
    """customer id -> purpose -> state at a moment (now by default); unknown is not granted."""
    at = at or utcnow()
    ids = list(customer_ids)
    events: dict[tuple[int, str], list] = defaultdict(list)
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start:chunk_start + 500]
        for event in session.execute(select(*EVENT_COLUMNS).where(any_of(session, ConsentEvent.customer_id, chunk))):
            events[(event.customer_id, event.purpose)].append(event)
    return {cid: {p: _state_of(events.get((cid, p), []), at) for p in PURPOSES} for cid in ids}


def granted(session: Session, customer_id: int, purpose: str, at: datetime | None = None) -> bool:
    """Whether a purpose is granted for one customer now (or at a moment)."""
    return consent_states(session, [customer_id], at)[customer_id][purpose]["granted"]


def granted_customers(session: Session, customer_ids, purpose: str) -> set[int]:
    """The subset of customers for whom a purpose is granted now."""
    states = consent_states(session, customer_ids)
    return {cid for cid, by_purpose in states.items() if by_purpose[purpose]["granted"]}


def consent_history(session: Session, customer_id: int) -> list[ConsentEvent]:
    """The full ledger of one customer, oldest first."""
    return list(session.scalars(select(ConsentEvent).where(ConsentEvent.customer_id == customer_id)
                                .order_by(ConsentEvent.valid_from, ConsentEvent.id)))
