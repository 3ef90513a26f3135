"""The straightforward aggregate, computed by joining feedback, pain points, products and purchases per call.

This is how the aggregates were computed before the facts existed; the tests hold the fast path to exactly
its answers. Two things are made definite here that the join left open: quotes of one item with two codes in a
cell without the code are ranked by the pain point's id, and the average sentiment is the exact mean of the
stored values rounded half to even (a float sum in the database's order could land on either side of a tie).
"""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.orm import Session

from insight_service.analysis import taxonomy
from insight_service.models import Feedback, FeedbackPainPoint, Product, Purchase
from insight_service.services.aggregates.periods import period_start
from insight_service.services.privacy.scrubbing import scrub


def _author():
    return func.coalesce(literal("c", String) + cast(Feedback.customer_id, String), Feedback.author_hash)


def _dims(session: Session, group_by, period: str) -> dict:
    cols = {"product": [Product.sku.label("sku"), Product.name.label("product_name")],
            "category": [Product.category.label("category")], "code": [FeedbackPainPoint.code.label("code")],
            "source": [Feedback.source.label("source")], "language": [Feedback.language.label("language")],
            "period": [period_start(session, Feedback.posted_at, period).label("period")]}
    return {d: cols[d] for d in ("product", "category", "code", "source", "language", "period") if d in group_by}


def _filters(f: dict, with_code: bool = True) -> list:
    where = []
    for key, column in (("sku", Product.sku), ("category", Product.category), ("source", Feedback.source),
                        ("language", Feedback.language)):
        if f.get(key):
            where.append(column == f[key])
    if with_code and f.get("code"):
        where.append(FeedbackPainPoint.code == f["code"])
    if f.get("since"):
        where.append(Feedback.posted_at >= f["since"])
    if f.get("until"):
        where.append(Feedback.posted_at < f["until"])
    return where


def _names(dims: dict, drop=()) -> list[str]:
    return [c.key for d, cols in dims.items() if d not in drop for c in cols]


def _base(query):
    return (query.select_from(FeedbackPainPoint).join(Feedback, Feedback.id == FeedbackPainPoint.feedback_id)
            .outerjoin(Product, Product.id == Feedback.product_id))


def _keyed(rows, names) -> dict:
    return {tuple(getattr(r, n) for n in names): r.n for r in rows}


def reference_rows(session: Session, *, group_by=("product", "code"), period: str = "month", k: int = 5,
                   stats: dict | None = None, **filters) -> list[dict]:
    """The aggregate's rows and suppressed-cell count, the slow and obvious way."""
    dims = _dims(session, group_by, period)
    cols = [c for group in dims.values() for c in group]
    names = _names(dims)
    share_cols = [c for d, group in dims.items() if d != "code" for c in group]
    query = (select(*share_cols, func.count().label("n")).select_from(Feedback)
             .outerjoin(Product, Product.id == Feedback.product_id).where(*_filters(filters, with_code=False)))
    shares = _keyed(session.execute(query.group_by(*share_cols) if share_cols else query), _names(dims, ("code",)))
    buyers_query = (select(Product.sku, func.count(func.distinct(Purchase.customer_id))).join(
        Product, Product.id == Purchase.product_id).where(Purchase.customer_id.is_not(None)).group_by(Product.sku))
    if filters.get("until"):
        buyers_query = buyers_query.where(Purchase.purchased_at < filters["until"])
    buyers = dict(session.execute(buyers_query).all()) if "product" in dims else {}
    bought = select(Purchase.id).where(Purchase.customer_id == Feedback.customer_id,
                                       Purchase.product_id == Feedback.product_id).exists()
    reporters = _keyed(session.execute(_base(select(*cols, func.count(func.distinct(Feedback.customer_id)).label("n")))
                                       .where(Feedback.customer_id.is_not(None), bought, *_filters(filters))
                                       .group_by(*cols)), names) if "product" in dims else {}
    # quotes show the clause around the span (migration 0008 filled in the clauses of stored rows)
    span = func.substr(Feedback.text, FeedbackPainPoint.clause_start + 1,
                       FeedbackPainPoint.clause_end - FeedbackPainPoint.clause_start).label("span")
    rank = func.row_number().over(partition_by=[c.element for c in cols] or None, order_by=(
        Feedback.posted_at.desc(), Feedback.id.desc(), FeedbackPainPoint.id.desc())).label("rank")
    inner = _base(select(*cols, span, rank)).where(
        Feedback.text.is_not(None), Feedback.deidentified_at.is_(None), FeedbackPainPoint.span_start.is_not(None),
        *_filters(filters)).subquery()
    quotes: dict = {}
    for row in session.execute(select(inner).where(inner.c.rank <= 2).order_by(inner.c.rank)):
        if scrub(row.span):
            quotes.setdefault(tuple(getattr(row, n) for n in names), []).append(scrub(row.span))
    query = _base(select(*cols, func.count(func.distinct(Feedback.id)).label("mentions"),
                         func.count(func.distinct(_author())).label("authors"))).where(*_filters(filters))
    if cols:
        query = query.group_by(*cols).order_by(*[c.element for c in cols])
    sentiments: dict = {}
    for row in session.execute(_base(select(*cols, FeedbackPainPoint.sentiment.label("s"))).where(*_filters(filters))):
        sentiments.setdefault(tuple(getattr(row, n) for n in names), []).append(Decimal(repr(row.s)))
    labels = {c: s.label_en for c, s in taxonomy().codes.items()}
    out, suppressed = [], 0
    for row in session.execute(query):
        if row.authors < k:
            suppressed += 1
            continue
        key = tuple(getattr(row, n) for n in names)
        denominator = shares.get(tuple(getattr(row, n) for n in _names(dims, ("code",))))
        sku = getattr(row, "sku", None)
        n_bought, reported = buyers.get(sku), reporters.get(key, 0)
        n_bought = n_bought if n_bought and n_bought >= k else None  # no published count below k
        shown = reported if n_bought and reported >= k else None
        out.append({"period": getattr(row, "period", None), "sku": sku,
                    "product_name": getattr(row, "product_name", None), "category": getattr(row, "category", None),
                    "code": getattr(row, "code", None), "code_label": labels.get(getattr(row, "code", None)),
                    "source": getattr(row, "source", None), "language": getattr(row, "language", None),
                    "mentions": row.mentions, "distinct_authors": row.authors,
                    "share_of_product_feedback": round(row.mentions / denominator, 4) if denominator else None,
                    "average_sentiment": float((sum(sentiments[key]) / len(sentiments[key])).quantize(
                        Decimal("0.001"), rounding=ROUND_HALF_EVEN)), "buyers": n_bought,
                    "reporting_buyers": shown,
                    "incidence_among_buyers": round(reported / n_bought, 4) if shown else None,
                    "quotes": quotes.get(key, [])})
    if stats is not None:
        stats["suppressed_cells"] = suppressed
    return out


def reference_weekly_counts(session: Session, start, first, until, sku=None, code=None) -> tuple[dict, dict]:
    """trends.weekly_counts by joining feedback, pain points and products."""
    from datetime import date

    week = period_start(session, Feedback.posted_at, "week").label("week")
    where = [Feedback.posted_at >= start, Feedback.posted_at < until, Feedback.product_id.is_not(None)]
    if sku:
        where.append(Product.sku == sku)
    if code:
        where.append(FeedbackPainPoint.code == code)

    def base(query):
        return (query.select_from(FeedbackPainPoint).join(Feedback, Feedback.id == FeedbackPainPoint.feedback_id)
                .join(Product, Product.id == Feedback.product_id).where(*where))

    rows = session.execute(base(select(Product.sku, FeedbackPainPoint.code, week, func.count(func.distinct(
        Feedback.id)), func.count(func.distinct(_author())))).group_by(Product.sku, FeedbackPainPoint.code, week))
    cells: dict = {}
    for s, c, w, n, a in rows:
        cells.setdefault((s, c), {})[date.fromisoformat(str(w)[:10])] = (n, a)
    totals = dict(((s, c), n) for s, c, n in session.execute(base(select(
        Product.sku, FeedbackPainPoint.code, func.count(func.distinct(_author())))).where(Feedback.posted_at >= first)
        .group_by(Product.sku, FeedbackPainPoint.code)))
    return cells, totals
