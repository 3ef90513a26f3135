"""R&D pain-point aggregates in SQL: mentions, authors, share, sentiment, incidence among buyers; k-anonymous."""
from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import String, cast, func, literal, select
from sqlalchemy.orm import Session

from ..analysis import taxonomy
from ..models import Feedback, FeedbackPainPoint, Product, Purchase
from .periods import period_start
from .scrubbing import scrub

DIMENSIONS = ("product", "category", "code", "source", "language", "period")
DEFAULT_GROUP = ("product", "code")
QUOTES_PER_CELL = 2
COLUMNS = ("period", "sku", "product_name", "category", "code", "code_label", "source", "language", "mentions",
           "distinct_authors", "share_of_product_feedback", "average_sentiment", "buyers", "reporting_buyers",
           "incidence_among_buyers", "quotes")


def author_key():
    """One key per person we can tell apart: the customer when linked, else the author's hash."""
    return func.coalesce(literal("c", String) + cast(Feedback.customer_id, String), Feedback.author_hash)


def _dims(session: Session, group_by, period: str) -> dict:
    cols = {"product": [Product.sku.label("sku"), Product.name.label("product_name")],
            "category": [Product.category.label("category")], "code": [FeedbackPainPoint.code.label("code")],
            "source": [Feedback.source.label("source")], "language": [Feedback.language.label("language")],
            "period": [period_start(session, Feedback.posted_at, period).label("period")]}
    return {d: cols[d] for d in DIMENSIONS if d in group_by}


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


def _key(row, names) -> tuple:
    return tuple(getattr(row, n) for n in names)


def _names(dims: dict, drop=()) -> list[str]:
    return [c.key for d, cols in dims.items() if d not in drop for c in cols]


def _base(query):
    return (query.select_from(FeedbackPainPoint).join(Feedback, Feedback.id == FeedbackPainPoint.feedback_id)
            .outerjoin(Product, Product.id == Feedback.product_id))


def _denominators(session: Session, dims: dict, filters: dict) -> dict:
    """Feedback items per cell without the code: what a cell's mentions are a share of."""
    cols = [c for d, group in dims.items() if d != "code" for c in group]
    query = (select(*cols, func.count().label("n")).select_from(Feedback)
             .outerjoin(Product, Product.id == Feedback.product_id).where(*_filters(filters, with_code=False)))
    if cols:
        query = query.group_by(*cols)
    names = _names(dims, drop=("code",))
    return {_key(r, names): r.n for r in session.execute(query)}


def _buyers(session: Session, filters: dict) -> dict[str, int]:
    """SKU -> distinct purchasers (CRM purchases, up to `until`)."""
    query = (select(Product.sku, func.count(func.distinct(Purchase.customer_id))).join(Product, Product.id ==
             Purchase.product_id).where(Purchase.customer_id.is_not(None)).group_by(Product.sku))
    if filters.get("until"):
        query = query.where(Purchase.purchased_at < filters["until"])
    return dict(session.execute(query).all())


def _reporters(session: Session, dims: dict, filters: dict) -> dict:
    """Per cell: distinct linked authors who bought the product they reported on."""
    cols = [c for group in dims.values() for c in group]
    bought = select(Purchase.id).where(Purchase.customer_id == Feedback.customer_id,
                                       Purchase.product_id == Feedback.product_id).exists()
    query = _base(select(*cols, func.count(func.distinct(Feedback.customer_id)).label("n"))).where(
        Feedback.customer_id.is_not(None), bought, *_filters(filters)).group_by(*cols)
    return {_key(r, _names(dims)): r.n for r in session.execute(query)}


def _quotes(session: Session, dims: dict, filters: dict) -> dict:
    """Up to two scrubbed spans per cell, newest first, only from items whose text may be used."""
    cols = [c for group in dims.values() for c in group]
    span = func.substr(Feedback.text, FeedbackPainPoint.span_start + 1,
                       FeedbackPainPoint.span_end - FeedbackPainPoint.span_start).label("span")
    rank = func.row_number().over(partition_by=[c.element for c in cols] or None,
                                  order_by=(Feedback.posted_at.desc(), Feedback.id.desc())).label("rank")
    inner = _base(select(*cols, span, rank)).where(
        Feedback.text.is_not(None), Feedback.deidentified_at.is_(None), FeedbackPainPoint.span_start.is_not(None),
        *_filters(filters)).subquery()
    out: dict = {}
    names = _names(dims)
    for row in session.execute(select(inner).where(inner.c.rank <= QUOTES_PER_CELL)):
        quote = scrub(row.span)
        if quote:
            out.setdefault(tuple(getattr(row, n) for n in names), []).append(quote)
    return out


def aggregate_rows(session: Session, *, group_by=DEFAULT_GROUP, period: str = "month", k: int = 5,
                   stats: dict | None = None, **filters) -> Iterator[dict]:
    """Yield the cells with at least k distinct authors; `stats` counts the suppressed ones."""
    dims = _dims(session, group_by, period)
    cols = [c for group in dims.values() for c in group]
    names = _names(dims)
    labels = {c: s.label_en for c, s in taxonomy().codes.items()}
    shares = _denominators(session, dims, filters)
    buyers = _buyers(session, filters) if "product" in dims else {}
    reporters = _reporters(session, dims, filters) if "product" in dims else {}
    quotes = _quotes(session, dims, filters)
    authors = func.count(func.distinct(author_key()))
    query = _base(select(*cols, func.count(func.distinct(Feedback.id)).label("mentions"), authors.label("authors"),
                         func.avg(FeedbackPainPoint.sentiment).label("sentiment"))).where(*_filters(filters))
    if cols:
        query = query.group_by(*cols).order_by(*[c.element for c in cols])
    stats = stats if stats is not None else {}
    stats["suppressed_cells"] = 0
    for row in session.execute(query.execution_options(yield_per=1000)):
        if row.authors < k:
            stats["suppressed_cells"] += 1
            continue
        key = _key(row, names)
        denominator = shares.get(tuple(getattr(row, n) for n in _names(dims, drop=("code",))))
        sku = getattr(row, "sku", None)
        bought, reported = buyers.get(sku), reporters.get(key, 0)
        yield {"period": getattr(row, "period", None), "sku": sku, "product_name": getattr(row, "product_name", None),
               "category": getattr(row, "category", None), "code": getattr(row, "code", None),
               "code_label": labels.get(getattr(row, "code", None)), "source": getattr(row, "source", None),
               "language": getattr(row, "language", None), "mentions": row.mentions, "distinct_authors": row.authors,
               "share_of_product_feedback": round(row.mentions / denominator, 4) if denominator else None,
               "average_sentiment": round(float(row.sentiment), 3), "buyers": bought,
               "reporting_buyers": reported if bought else None,
               "incidence_among_buyers": round(reported / bought, 4) if bought else None,
               "quotes": quotes.get(key, [])}

