"""What pain-point cells are measured against: items per cell without the code, and buyers per product.

Items come from the per-day counts for whole UTC days inside the filter window and from the per-item facts for
the partial days at its edges, so a count never scans every item and still honours any since/until instant.
"""
from __future__ import annotations

from collections import Counter
from datetime import datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...models import FeedbackDayCount, FeedbackFact, Product, Purchase
from ...models.aggregates import NO_LANGUAGE
from .periods import day_period


def product_filters(column, filters: dict) -> list:
    """WHERE terms for the sku and category filters on a product id column."""
    where = []
    if filters.get("sku"):
        where.append(column == select(Product.id).where(Product.sku == filters["sku"]).scalar_subquery())
    if filters.get("category"):
        where.append(column.in_(select(Product.id).where(Product.category == filters["category"])))
    return where


def _midnight(day) -> datetime:
    return datetime.combine(day, time.min, timezone.utc)


def _utc(moment: datetime | None) -> datetime | None:
    """A moment in UTC; a naive one is taken as UTC, as the database columns take it."""
    if moment is None:
        return None
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _windows(since: datetime | None, until: datetime | None) -> tuple[tuple, list[tuple]]:
    """(whole days [first, last) as 'YYYY-MM-DD' or None when open, or None when there are none) and the
    partial-day ranges [start, end) at the edges."""
    since, until = _utc(since), _utc(until)
    first = None if since is None else since.date() + timedelta(days=since != _midnight(since.date()))
    last = None if until is None else until.date()
    if first is not None and last is not None and first > last:  # inside one day
        return None, [(since, until)] if since < until else []
    edges = []
    if since is not None and since < _midnight(first):
        edges.append((since, _midnight(first)))
    if until is not None and until > _midnight(last):
        edges.append((_midnight(last), until))
    return (first and first.isoformat(), last and last.isoformat()), edges


def _grouped(session: Session, table, dims: dict, filters: dict, measure):
    """SELECT the measure per denominator key from the per-day counts or the per-item facts."""
    cols = {"product": table.product_id, "category": Product.category, "source": table.source,
            "language": table.language}
    if "period" in dims:
        cols["period"] = day_period(session, table.day, dims["period"])
    keys = [cols[d].label(d) for d in dims]
    query = select(*keys, measure.label("n")).select_from(table)
    if "category" in dims:
        query = query.outerjoin(Product, Product.id == table.product_id)
    where = product_filters(table.product_id, filters)
    for name in ("source", "language"):
        if filters.get(name):
            where.append(getattr(table, name) == filters[name])
    return query.where(*where).group_by(*keys) if keys else query.where(*where)


def item_counts(session: Session, dims: dict, filters: dict) -> dict[tuple, int]:
    """Items per denominator key; dims maps the dimensions (product, category, source, language, period) in
    key order, period to 'week' or 'month'."""
    whole, edges = _windows(filters.get("since"), filters.get("until"))
    queries = []
    if whole is not None:
        query = _grouped(session, FeedbackDayCount, dims, filters, func.sum(FeedbackDayCount.item_count))
        if whole[0]:
            query = query.where(FeedbackDayCount.day >= whole[0])
        if whole[1]:
            query = query.where(FeedbackDayCount.day < whole[1])
        queries.append(query)
    for start, end in edges:
        queries.append(_grouped(session, FeedbackFact, dims, filters, func.count()).where(
            FeedbackFact.posted_at >= start, FeedbackFact.posted_at < end))
    counts: Counter = Counter()
    for query in queries:
        for row in session.execute(query):
            key = tuple(None if name == "language" and value == NO_LANGUAGE else value
                        for name, value in zip(dims, row))
            counts[key] += row.n or 0
    return dict(counts)


def buyers_per_product(session: Session, filters: dict) -> dict[int, int]:
    """Product id -> distinct purchasers (CRM purchases, up to `until`)."""
    query = (select(Purchase.product_id, func.count(func.distinct(Purchase.customer_id)))
             .where(Purchase.customer_id.is_not(None)).group_by(Purchase.product_id))
    if filters.get("until"):
        query = query.where(Purchase.purchased_at < filters["until"])
    return dict(session.execute(query).all())
