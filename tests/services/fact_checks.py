"""The aggregate facts recomputed in Python from the rows they copy, to prove the tables are in step."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

from sqlalchemy import select

from insight_service.models import Feedback, FeedbackDayCount, FeedbackFact, FeedbackPainPoint, PainPointFact, Purchase


def expected_facts(session) -> tuple[dict, dict, dict]:
    """(pain-point facts by id, item facts by feedback id, day counts by key) as the rows say they must be."""
    items = {f.id: f for f in session.scalars(select(Feedback))}
    bought = set(session.execute(select(Purchase.customer_id, Purchase.product_id)
                                 .where(Purchase.customer_id.is_not(None))).all())
    pains = sorted(session.scalars(select(FeedbackPainPoint)), key=lambda p: p.id)
    first_of_code, first_of_item = {}, {}
    for p in pains:
        first_of_code.setdefault((p.feedback_id, p.code), p.id)
        first_of_item.setdefault(p.feedback_id, p.id)
    facts = {}
    for p in pains:
        f = items[p.feedback_id]
        day = f.posted_at.date()
        facts[p.id] = (p.feedback_id, p.code, f.product_id or 0, f.source, f.language, f.posted_at,
                       (day - timedelta(days=day.weekday())).isoformat(), day.replace(day=1).isoformat(),
                       f"c{f.customer_id}" if f.customer_id is not None else f.author_hash, p.sentiment,
                       int(first_of_code[(p.feedback_id, p.code)] == p.id), int(first_of_item[p.feedback_id] == p.id),
                       int(f.customer_id is not None and (f.customer_id, f.product_id) in bought),
                       p.span_start, p.span_end)
    counted = {f.id: (f.product_id or 0, f.source, f.language or "", f.posted_at.date().isoformat(), f.posted_at)
               for f in items.values()}
    days = Counter(key[:4] for key in counted.values())
    return facts, counted, dict(days)


def stored_facts(session) -> tuple[dict, dict, dict]:
    """The same three, as the tables hold them."""
    facts = {f.id: (f.feedback_id, f.code, f.product_id, f.source, f.language, f.posted_at, f.week, f.month,
                    f.author_key, f.sentiment, f.code_first, f.item_first, f.buyer, f.span_start, f.span_end)
             for f in session.scalars(select(PainPointFact))}
    counted = {f.feedback_id: (f.product_id, f.source, f.language, f.day, f.posted_at)
               for f in session.scalars(select(FeedbackFact))}
    days = {(d.product_id, d.source, d.language, d.day): d.item_count
            for d in session.scalars(select(FeedbackDayCount))}
    return facts, counted, days


def assert_in_step(session) -> None:
    """Every derived row equals what its source rows say, and nothing else is there."""
    session.expire_all()
    expected, stored = expected_facts(session), stored_facts(session)
    for name, want, have in zip(("pain_point_facts", "feedback_facts", "feedback_day_counts"), expected, stored):
        assert have == want, (name, {k: (have.get(k), want.get(k)) for k in set(have) | set(want)
                                     if have.get(k) != want.get(k)})


class SameSession:
    """A session factory for reanalyze that hands out the test's session and commits it."""

    def __init__(self, session):
        self.session = session

    def __enter__(self):
        return self.session

    def __exit__(self, *exc):
        self.session.commit()
