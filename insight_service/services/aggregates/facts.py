"""Keep the aggregate facts in step with feedback, pain points and purchases, in the writer's transaction.

Every service that changes what an aggregate counts calls one function here after its own writes:
`refresh_feedback` when items were stored, edited, relinked, re-analysed or de-identified (their pain-point
facts are rebuilt from the item as it now is, and the per-day counts move from the dimensions the item was
last counted under to its current ones), `refresh_buyers` when purchases of customers changed (only the buyer
flags of their items can change). Nothing here reads a clock or a cache: facts are a pure function of the rows.

On PostgreSQL, batches run side by side (a shared privacy lock), on one host or several. An item's facts are
derived from the item, its pain points and the purchases of its customer (the buyer flag), so two refreshes
depend on each other only through a customer: a feedback batch deriving an item's flag while a purchase batch
of the same customer, uncommitted, updates the flags of that customer's items would miss each other. So each
refresh takes a transaction-level advisory lock per customer concerned, in id order (the customers its items
are linked to, or whose purchases changed): refreshes of the same customer run one after the other, each
reading the committed state plus its own writes; refreshes of different customers run at once. Items linked to
nobody need no lock (no flag to derive). The per-day counts are upserted in key order, so their row locks
order concurrent writers alike (two batches of the same day, product, source and language wait there for each
other's commit, briefly, at the end). The locks come after the privacy lock in every path. SQLite has one
writer at a time anyway.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import String, bindparam, case, cast, delete, exists, func, literal, or_, select, text, update
from sqlalchemy.orm import Session

from ...models import Feedback, FeedbackDayCount, FeedbackFact, FeedbackPainPoint, PainPointFact, Purchase
from ...models.aggregates import NO_LANGUAGE, NO_PRODUCT
from ..sql import array_param, chunks
from .periods import day_start, period_start

LOCK_KEY = 0x1A51_6E8  # next to the privacy lock's key; the per-customer locks' namespace (two-int form)
COUNT_KEY = ("product_id", "source", "language", "day")
MAX_RUNS = 20
FACT_COLUMNS = ("id", "feedback_id", "code", "product_id", "source", "language", "posted_at", "week", "month",
                "author_key", "sentiment", "code_first", "item_first", "buyer", "span_start", "span_end")


def author_key():
    """One key per person we can tell apart: the customer when linked, else the author's hash."""
    return func.coalesce(literal("c", String) + cast(Feedback.customer_id, String), Feedback.author_hash)


# one statement whatever the number of customers; ORDER BY makes every writer take them in the same order
HOLD_CUSTOMERS = text("SELECT count(pg_advisory_xact_lock(CAST(:space AS integer), c)) FROM "
                      "(SELECT DISTINCT unnest(CAST(:ids AS integer[])) AS c ORDER BY 1) AS concerned")
HOLD_ITEM_CUSTOMERS = text("SELECT count(pg_advisory_xact_lock(CAST(:space AS integer), c)) FROM "
                           "(SELECT DISTINCT customer_id AS c FROM feedback WHERE id = ANY(CAST(:ids AS integer[])) "
                           "AND customer_id IS NOT NULL ORDER BY 1) AS concerned")


def _hold(session: Session, customer_ids=None, feedback_ids=None) -> None:
    """Lock the customers concerned (given, or those the items are linked to now) until the transaction ends."""
    if session.get_bind().dialect.name != "postgresql":
        return
    if customer_ids is not None:
        session.execute(HOLD_CUSTOMERS, {"space": LOCK_KEY, "ids": array_param(sorted(customer_ids))})
    else:
        session.execute(HOLD_ITEM_CUSTOMERS, {"space": LOCK_KEY, "ids": array_param(sorted(feedback_ids))})


def _bought(product_id):
    """Whether the item's linked customer bought this product (any time, as incidence counts it)."""
    return exists().where(Purchase.customer_id == Feedback.customer_id, Purchase.product_id == product_id)


def _parts(ids: list[int]) -> list:
    """The sorted ids as a few (first, last) runs when they are mostly consecutive (a batch just stored), else as
    IN-list chunks: binding a thousand parameters per statement cost more than the statements themselves."""
    runs: list[list[int]] = []
    for i in ids:
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return [runs] if len(runs) <= MAX_RUNS else list(chunks(ids))


def _among(column, part):
    """column IN the part: OR-ed BETWEENs for runs, IN for a chunk."""
    if isinstance(part[0], list):
        return or_(*[column.between(first, last) for first, last in part])
    return column.in_(part)


def _facts(session: Session, part):
    """SELECT the pain-point facts of these items from the items and their pain points as they are now."""
    pain = FeedbackPainPoint
    # every pain point of these items is in the rows, so a window over them finds each item's (and code's) first;
    # a correlated min(id) let PostgreSQL with stale statistics walk the primary key instead, O(table) per row
    first_of_code = func.row_number().over(partition_by=(pain.feedback_id, pain.code), order_by=pain.id)
    first_of_item = func.row_number().over(partition_by=pain.feedback_id, order_by=pain.id)
    buyer = case((Feedback.customer_id.is_not(None) & _bought(Feedback.product_id), 1), else_=0)
    return (select(pain.id, pain.feedback_id, pain.code, func.coalesce(Feedback.product_id, NO_PRODUCT),
                   Feedback.source, Feedback.language, Feedback.posted_at,
                   *[period_start(session, Feedback.posted_at, period) for period in ("week", "month")],
                   author_key(), pain.sentiment, case((first_of_code == 1, 1), else_=0),
                   case((first_of_item == 1, 1), else_=0), buyer, pain.span_start, pain.span_end)
            .join(Feedback, Feedback.id == pain.feedback_id).where(_among(pain.feedback_id, part)))


def _counted(session: Session, part):
    """SELECT the dimensions each of these items is counted under per day."""
    return select(Feedback.id, func.coalesce(Feedback.product_id, NO_PRODUCT), Feedback.source,
                  func.coalesce(Feedback.language, NO_LANGUAGE), day_start(session, Feedback.posted_at),
                  Feedback.posted_at).where(_among(Feedback.id, part))


# PostgreSQL: the rows as five arrays in one statement (an executemany or a VALUES list of a thousand rows
# costs 40-100 ms a batch in round trips or compiling); unnest keeps their order, so locks follow the keys
PG_UPSERT = text("""
    INSERT INTO feedback_day_counts (product_id, source, language, day, item_count)
    SELECT * FROM unnest(CAST(:product_id AS integer[]), CAST(:source AS varchar[]), CAST(:language AS varchar[]),
                         CAST(:day AS varchar[]), CAST(:item_count AS integer[]))
    ON CONFLICT (product_id, source, language, day)
    DO UPDATE SET item_count = feedback_day_counts.item_count + excluded.item_count""")


def _upsert(session: Session, rows: list[dict]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(PG_UPSERT, {k: array_param([row[k] for row in rows]) for k in (*COUNT_KEY, "item_count")})
        return
    from sqlalchemy.dialects.sqlite import insert

    stmt = insert(FeedbackDayCount.__table__)
    session.execute(stmt.on_conflict_do_update(index_elements=list(COUNT_KEY), set_={
        "item_count": stmt.table.c.item_count + stmt.excluded.item_count}), rows)


def move_day_counts(session: Session, deltas: Counter) -> None:
    """Add signed item counts to the per-day counts, in key order (concurrent writers lock rows alike)."""
    rows = [dict(zip(COUNT_KEY, key), item_count=n) for key, n in sorted(deltas.items()) if n]
    if not rows:
        return
    _upsert(session, rows)
    emptied = [{"k_" + k: row[k] for k in COUNT_KEY} for row in rows if row["item_count"] < 0]
    if emptied:  # a count that fell to zero goes, so the table holds only days that have items
        table = FeedbackDayCount.__table__
        session.connection().execute(delete(table).where(
            *[table.c[k] == bindparam("k_" + k) for k in COUNT_KEY], table.c.item_count <= 0), emptied)


def refresh_feedback(session: Session, feedback_ids, *, inserted=()) -> None:
    """Rebuild the facts of these items and move their per-day counts (after they were written). `inserted`: items
    this transaction has just stored, which can have no facts yet (their ids are new), so nothing is deleted
    for them: a batch of new items needs two statements fewer."""
    fresh = set(inserted)
    ids = sorted(set(feedback_ids) | fresh)
    if not ids:
        return
    _hold(session, feedback_ids=ids)
    counted, facts = FeedbackFact.__table__, PainPointFact.__table__
    key = [counted.c[k] for k in COUNT_KEY]
    deltas: Counter = Counter()
    # what the items were counted under goes, what they are now comes: the difference moves the day counts
    stored = [i for i in ids if i not in fresh]
    for part in _parts(stored) if stored else ():
        for row in session.execute(delete(counted).where(_among(counted.c.feedback_id, part)).returning(*key)):
            deltas[tuple(row)] -= 1
        session.execute(delete(facts).where(_among(facts.c.feedback_id, part)))
    for part in _parts(ids):
        for row in session.execute(counted.insert().from_select(["feedback_id", *COUNT_KEY, "posted_at"],
                                                                _counted(session, part)).returning(*key)):
            deltas[tuple(row)] += 1
        session.execute(facts.insert().from_select(FACT_COLUMNS, _facts(session, part)))
    move_day_counts(session, deltas)


def refresh_buyers(session: Session, customer_ids) -> None:
    """Recompute the buyer flags of these customers' items (after their purchases changed)."""
    ids = sorted({c for c in customer_ids if c is not None})
    if not ids:
        return
    _hold(session, customer_ids=ids)
    bought = (select(Purchase.id).join(Feedback, Feedback.customer_id == Purchase.customer_id)
              .where(Feedback.id == PainPointFact.feedback_id, Purchase.product_id == PainPointFact.product_id)
              .correlate(PainPointFact).exists())
    flag = case((bought, 1), else_=0)
    for chunk in chunks(ids):
        items = select(Feedback.id).where(Feedback.customer_id.in_(chunk))
        session.execute(update(PainPointFact).where(PainPointFact.feedback_id.in_(items), PainPointFact.buyer != flag)
                        .values(buyer=flag).execution_options(synchronize_session=False))
