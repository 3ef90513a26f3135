"""Closing the loop: every handling of an item is kept (when, who, note); the item shows the latest."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...models import Feedback, FeedbackHandling, utcnow
from ..sql import chunks


def mark_handled(session: Session, feedback_id: int, handler: str, note: str | None,
                 now: datetime | None = None) -> Feedback | None:
    """Append a handling to the item's history and show it as the item's handled state."""
    item = session.get(Feedback, feedback_id)
    if item is None:
        return None
    at = now or utcnow()
    session.add(FeedbackHandling(feedback_id=feedback_id, handled_at=at, handled_by=handler, note=note))
    item.handled_at, item.handled_by, item.handled_note = at, handler, note
    session.flush()
    if item.customer_id is not None:  # an answered complaint weighs less in the risk: the CRM hears of a change
        from ...webhooks.signals import refresh_signals

        refresh_signals(session, {item.customer_id}, at)
    return item


def handling_of(session: Session, feedback_ids) -> dict[int, list[dict]]:
    """feedback id -> its handlings, oldest first."""
    found: dict[int, list[dict]] = {}
    for chunk in chunks(set(feedback_ids)):
        rows = session.execute(select(FeedbackHandling.feedback_id, FeedbackHandling.handled_at,
                                      FeedbackHandling.handled_by, FeedbackHandling.note)
                               .where(FeedbackHandling.feedback_id.in_(chunk))
                               .order_by(FeedbackHandling.handled_at, FeedbackHandling.id))
        for fid, at, by, note in rows:
            found.setdefault(fid, []).append({"handled_at": at, "handled_by": by, "note": note})
    return found


def handled_history(session: Session, items) -> dict[int, list[dict]]:
    """The histories of those of these items (with id and handled_at) that were handled; no query when none was."""
    handled = [i.id for i in items if i.handled_at is not None]
    return handling_of(session, handled) if handled else {}
