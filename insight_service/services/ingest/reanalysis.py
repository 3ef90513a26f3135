"""Re-score stored feedback when the analyzer or the taxonomy changes."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from ... import analysis
from ...models import Feedback, FeedbackPainPoint, FeedbackTheme, utcnow
from ..aggregates.facts import refresh_feedback
from .feedback import analysis_columns, pain_point_rows, theme_phrase_rows


def stale_filter(force: bool):
    """Items whose stored analysis is older than the running analyzer (or all, when forced)."""
    current = (Feedback.analyzer_version == analysis.ANALYZER_VERSION,
               Feedback.taxonomy_version == analysis.taxonomy().version)
    live = Feedback.text.is_not(None)  # de-identified items keep the facts they had; no text to re-read
    return live if force else (live & or_(~current[0], ~current[1], Feedback.analyzer_version.is_(None)))


def count_stale(session: Session, force: bool = False) -> int:
    """How many items a re-analysis would touch."""
    return session.scalar(select(func.count()).select_from(Feedback).where(stale_filter(force))) or 0


def stored_versions(session: Session) -> list[dict]:
    """How many stored items each analyzer and taxonomy version produced (what the read side shows comes from)."""
    rows = session.execute(select(Feedback.analyzer_version, Feedback.taxonomy_version, func.count())
                           .group_by(Feedback.analyzer_version, Feedback.taxonomy_version)
                           .order_by(func.count().desc()))
    return [{"analyzer_version": a, "taxonomy_version": t, "items": n} for a, t, n in rows]


def reanalyze_batch(session: Session, after_id: int, batch_size: int, force: bool = False) -> tuple[int, int]:
    """Re-score the next batch of stale items after an id; returns (items done, last id)."""
    rows = session.execute(select(Feedback.id, Feedback.text, Feedback.rating, Feedback.language)
                           .where(stale_filter(force), Feedback.id > after_id)
                           .order_by(Feedback.id).limit(batch_size)).all()
    if not rows:
        return 0, after_id
    found = analysis.analyze_many([{"text": r.text, "rating": r.rating, "language": r.language} for r in rows])
    ids = [r.id for r in rows]
    now = utcnow()  # updated_at versions the cached aggregates
    session.execute(update(Feedback), [{"id": r.id, **analysis_columns(a), "updated_at": now}
                                       for r, a in zip(rows, found)])
    session.execute(delete(FeedbackPainPoint).where(FeedbackPainPoint.feedback_id.in_(ids)))
    session.execute(delete(FeedbackTheme).where(FeedbackTheme.feedback_id.in_(ids)))
    pain = [row for r, a in zip(rows, found) for row in pain_point_rows(r.id, a)]
    if pain:
        session.execute(FeedbackPainPoint.__table__.insert(), pain)
    phrases = [row for r, a in zip(rows, found) for row in theme_phrase_rows(r.id, a)]
    if phrases:
        session.execute(FeedbackTheme.__table__.insert(), phrases)
    refresh_feedback(session, ids)
    return len(rows), ids[-1]


def reanalyze(session_factory: Callable, batch_size: int = 1000, force: bool = False,
              progress: Callable[[int], None] | None = None) -> int:
    """Re-score every stale item in committed batches (resumable: finished batches stay done)."""
    done, last = 0, 0
    while True:
        with session_factory() as session:
            n, last = reanalyze_batch(session, last, batch_size, force)
        if not n:
            return done
        done += n
        if progress:
            progress(done)
