"""R&D pain-point aggregates in SQL: mentions, authors, share, sentiment, incidence among buyers; k-anonymous.

Everything is read from the facts that writers keep in step (`models/aggregates.py`): the cells are one
grouped scan of `pain_point_facts` in index order (distinct authors stream in order), the share's denominators
sum per-day counts, buyers come from an index on purchases, and each shown cell's quotes are its newest spans,
found by seeking an index from the cell's newest item instead of ranking every span.
"""
from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import BigInteger, case, cast, func, literal, select, text
from sqlalchemy.orm import Session, aliased

from ...analysis import taxonomy
from ...models import Customer, Feedback, FeedbackPainPoint, PainPointFact, Product
from ..privacy.scrubbing import scrub
from .denominators import buyers_per_product, item_counts, product_filters
from .periods import PERIODS

DIMENSIONS = ("product", "category", "code", "source", "language", "period")
DEFAULT_GROUP = ("product", "code")
QUOTES_PER_CELL = 2
NAME_SEPARATOR = "\x1f"  # taken out of the name in SQL, so the first one ends it
SCALE = 1_000_000  # local sentiments carry 4 decimals: summed as integers, a mean is exact in any order
COLUMNS = ("period", "sku", "product_name", "category", "code", "code_label", "source", "language", "mentions",
           "distinct_authors", "share_of_product_feedback", "average_sentiment", "buyers", "reporting_buyers",
           "incidence_among_buyers", "quotes")


def scrub_quote(found: str) -> str | None:
    """A span as the quote subquery returns it (author's name, separator, span), scrubbed of both."""
    name, _sep, span = found.partition(NAME_SEPARATOR)
    return scrub(span, names=[name])


def mean(scaled_sum: int, n: int) -> float:
    """The exact mean of n sentiments from their scaled integer sum, to 3 decimals (half to even)."""
    return float((Decimal(scaled_sum) / n / SCALE).quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN))


def _keys(group_by) -> list[str]:
    """The grouped dimensions in DIMENSIONS order; a product decides its category, so that is not grouped."""
    return [d for d in DIMENSIONS if d in group_by and not (d == "category" and "product" in group_by)]


def _column(fact, product, name: str, period: str):
    return {"product": fact.product_id, "category": product.category, "code": fact.code, "source": fact.source,
            "language": fact.language, "period": getattr(fact, period)}[name]


def fact_filters(fact, filters: dict) -> list:
    """WHERE terms of the filters on a pain-point fact table (or an alias of it)."""
    where = product_filters(fact.product_id, filters)
    for name in ("source", "language", "code"):
        if filters.get(name):
            where.append(getattr(fact, name) == filters[name])
    if filters.get("since"):
        where.append(fact.posted_at >= filters["since"])
    if filters.get("until"):
        where.append(fact.posted_at < filters["until"])
    return where


def _quote(cell, keys: list[str], period: str, filters: dict, k: int, offset: int):
    """The clause around the span ranked `offset` (newest first) among the cell's usable spans, for cells of k or
    more authors (the span itself for a pain point stored without its clause)."""
    fact, product, pain = aliased(PainPointFact), aliased(Product), aliased(FeedbackPainPoint)
    same = [_column(fact, product, name, period).is_not_distinct_from(cell.c[name]) if name in ("category",
            "language") else _column(fact, product, name, period) == cell.c[name] for name in keys]
    start = func.coalesce(pain.clause_start, fact.span_start)
    clause = func.substr(Feedback.text, start + 1, func.coalesce(pain.clause_end, fact.span_end) - start)
    # the author's name travels before the clause (then a separator it cannot hold), so scrubbing can hide it
    name = func.replace(func.coalesce(Customer.name, ""), literal(NAME_SEPARATOR), literal(" "))
    quoted = name.op("||")(literal(NAME_SEPARATOR)).op("||")(clause)
    # the fact carries the pain point's id: one primary-key lookup per quote finds the clause
    query = (select(quoted).select_from(fact).join(Feedback, Feedback.id == fact.feedback_id)
             .join(pain, pain.id == fact.id).outerjoin(Customer, Customer.id == Feedback.customer_id))
    if "category" in keys:
        query = query.outerjoin(product, product.id == fact.product_id)
    query = (query.where(fact.span_start.is_not(None), fact.posted_at >= cell.c.oldest,
                         fact.posted_at <= cell.c.newest,
                         *same, *fact_filters(fact, filters), Feedback.text.is_not(None),
                         Feedback.deidentified_at.is_(None))
             .order_by(fact.posted_at.desc(), fact.feedback_id.desc(), fact.id.desc()).limit(1).offset(offset))
    return case((cell.c.authors >= k, query.scalar_subquery()))


def _cells(keys: list[str], with_category: bool, period: str, filters: dict, k: int):
    """SELECT every cell's figures and, for cells of k or more authors, its quotes, in the answer's order."""
    fact = PainPointFact
    # the period first: the grouping then matches the index that leads with the month
    grouped = [_column(fact, Product, name, period).label(name)
               for name in sorted(keys, key=lambda name: name != "period")]
    by_code = "code" in keys or bool(filters.get("code"))
    figures = [func.sum(fact.code_first if by_code else fact.item_first).label("mentions"),
               func.count(func.distinct(fact.author_key)).label("authors"), func.count().label("spans"),
               func.sum(cast(func.round(fact.sentiment * SCALE), BigInteger)).label("sentiment"),
               (func.count(func.distinct(case((fact.buyer == 1, fact.author_key)))) if "product" in keys
                else literal(0)).label("reporters"),
               func.min(fact.posted_at).label("oldest"), func.max(fact.posted_at).label("newest")]
    inner = select(*grouped, *figures).select_from(fact)
    if "category" in keys:
        inner = inner.outerjoin(Product, Product.id == fact.product_id)
    inner = inner.where(*fact_filters(fact, filters))
    cell = (inner.group_by(*grouped) if grouped else inner).subquery("cell")
    quotes = [_quote(cell, keys, period, filters, k, i).label(f"quote{i}") for i in range(QUOTES_PER_CELL)]
    figures = [cell.c[name] for name in ("mentions", "authors", "spans", "sentiment", "reporters")]
    query = select(*[cell.c[name] for name in keys], *figures, *quotes)
    order = []
    if "product" in keys:
        shown = [Product.sku, Product.name.label("product_name")] + ([Product.category] if with_category else [])
        query = query.add_columns(*shown).outerjoin(Product, Product.id == cell.c.product)
        order += [Product.sku, Product.name]
    return query.order_by(*order, *[cell.c[name] for name in keys if name != "product"])


def aggregate_rows(session: Session, *, group_by=DEFAULT_GROUP, period: str = "month", k: int = 5,
                   stats: dict | None = None, **filters) -> Iterator[dict]:
    """Yield the cells with at least k distinct authors; `stats` counts the suppressed ones."""
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r}")
    keys = _keys(group_by)
    if session.get_bind().dialect.name == "postgresql":
        # the quote subqueries inflate the estimated cost past jit_above_cost, and compiling the plan then takes
        # longer than running it (0.4 s of a 0.7 s export at 1M items): no JIT for the rest of this transaction
        session.execute(text("SET LOCAL jit = off"))
    labels = {c: s.label_en for c, s in taxonomy().codes.items()}
    shares = item_counts(session, {name: period if name == "period" else None for name in keys if name != "code"},
                         filters)
    buyers = buyers_per_product(session, filters) if "product" in keys else {}
    stats = stats if stats is not None else {}
    stats["suppressed_cells"] = 0
    cells = _cells(keys, "category" in group_by, period, filters, k)
    for row in session.execute(cells.execution_options(yield_per=1000)):
        if row.authors < k:
            stats["suppressed_cells"] += 1
            continue
        values = row._asdict()
        denominator = shares.get(tuple(values[name] for name in keys if name != "code"))
        bought = buyers.get(values["product"]) if "product" in keys else None
        reported = row.reporters
        # every published count obeys k: fewer than k buyers, or fewer than k of them reporting, is not shown
        # (nor the incidence, which would give the reporters back from the buyers)
        published_buyers = bought if bought and bought >= k else None
        published_reporters = reported if published_buyers and reported >= k else None
        quotes = [q for q in (scrub_quote(values[f"quote{i}"]) for i in range(QUOTES_PER_CELL)
                              if values[f"quote{i}"] is not None) if q]
        yield {"period": values.get("period"), "sku": values.get("sku"), "product_name": values.get("product_name"),
               "category": values.get("category"), "code": values.get("code"),
               "code_label": labels.get(values.get("code")), "source": values.get("source"),
               "language": values.get("language"), "mentions": row.mentions, "distinct_authors": row.authors,
               "share_of_product_feedback": round(row.mentions / denominator, 4) if denominator else None,
               "average_sentiment": mean(row.sentiment, row.spans), "buyers": published_buyers,
               "reporting_buyers": published_reporters,
               "incidence_among_buyers": round(reported / bought, 4) if published_reporters else None,
               "quotes": quotes}
