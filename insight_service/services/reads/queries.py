"""The indexed queries behind one customer's insight: a handful per call, none per item.

The per-customer statements are built once per database dialect with a bound customer id: building a
select() costs more Python time than SQLite takes to answer it.
"""
from __future__ import annotations

from decimal import Decimal

from sqlalchemy import bindparam, case, distinct, func, select
from sqlalchemy.orm import Session

from ...models import Feedback, FeedbackPainPoint, Product, Purchase
from ..aggregates.affinity import product_affinity
from ..aggregates.themes import customer_theme_rows
from ..aggregates.periods import month_label
from .pipeline import plan_each_time, run_together

RECENT_ITEMS = 500
SUGGESTIONS = 3
CID = bindparam("cid")
LIGHT_COLUMNS = (Feedback.id, Feedback.channel, Feedback.source, Feedback.party, Feedback.posted_at,
                 Feedback.sentiment_label, Feedback.sentiment_score, Feedback.rating, Feedback.journey,
                 Feedback.emotions, Feedback.handled_at, Feedback.deidentified_at, Feedback.text.contains("?"),
                 Feedback.customer_id, Product.sku)
_built: dict[tuple, object] = {}
# a pain point stored without its clause (none since migration 0008 filled them in) shows its span
CLAUSE_START = func.coalesce(FeedbackPainPoint.clause_start, FeedbackPainPoint.span_start)
CLAUSE_END = func.coalesce(FeedbackPainPoint.clause_end, FeedbackPainPoint.span_end)


def visible(customer_id, social_profiling: bool):
    """The customer's items a read may show: third-party ones only while social_profiling is granted."""
    clause = Feedback.customer_id == customer_id
    return clause if social_profiling else clause & (Feedback.party != "third")


def _statement(session: Session, name: str, social: bool | None = None):
    key = (session.get_bind().dialect.name, name, social)
    if key not in _built:
        _built[key] = BUILDERS[name](session, visible(CID, bool(social)))
    return _built[key]


def _run(session: Session, name: str, customer_id: int, social: bool | None = None) -> list:
    fetched = session.info.get(PREFETCHED, {}).pop((name, customer_id, social), None)
    if fetched is not None:
        return fetched
    # Core execution: these rows are plain tuples, the ORM's result machinery would only add time
    return session.connection().execute(_statement(session, name, social), {"cid": customer_id}).all()


PREFETCHED = "customer_reads.prefetched"
# which statements depend on whether third-party items are visible (social_profiling)
BY_CONSENT = ("light", "pains", "monthly", "versions", "themes", "latest", "latest_codes")
REGARDLESS = ("counts", "purchases", "products", "orders")


def prefetch(session: Session, customer_id: int, social: bool | None, names, extra=()) -> list[list]:
    """Send the named statements and `extra` (statement, values) ones together (one round trip on PostgreSQL).

    The readers below then take their rows from the session instead of asking; the rows of `extra` are returned.
    """
    keyed = [(name, social if name in BY_CONSENT else None) for name in names]
    results = run_together(session, [(_statement(session, name, s), {"cid": customer_id}) for name, s in keyed]
                           + list(extra))
    store = session.info.setdefault(PREFETCHED, {})
    for (name, s), rows in zip(keyed, results):
        store[(name, customer_id, s)] = rows
    return results[len(keyed):]


def forget_prefetched(session: Session) -> None:
    """Drop rows fetched ahead and not read (a later read in the session must ask again)."""
    session.info.pop(PREFETCHED, None)


def _light(session, where, limit=RECENT_ITEMS):
    return (select(*LIGHT_COLUMNS).outerjoin(Product, Product.id == Feedback.product_id)
            .where(where).order_by(Feedback.posted_at.desc(), Feedback.id.desc()).limit(limit))


LATEST = 5
LATEST_COLUMNS = (Feedback.id, Feedback.source, Feedback.channel, Feedback.party, Feedback.posted_at,
                  Feedback.language, Feedback.rating, Feedback.sentiment_score, Feedback.sentiment_label, Feedback.text,
                  Feedback.url, Feedback.deidentified_at, Feedback.handled_at, Feedback.handled_by,
                  Feedback.handled_note, Product.sku)


def _newest(where):
    """The ids of the LATEST visible items, in the order of _light (so they are its first rows)."""
    return select(Feedback.id).where(where).order_by(Feedback.posted_at.desc(), Feedback.id.desc()).limit(LATEST)


BUILDERS = {
    # its rows' order (hashed or sorted, as the plan for this customer chooses) orders by_channel and by_source
    "counts": lambda s, _w: plan_each_time(
        select(Feedback.channel, Feedback.source, Feedback.party, Feedback.sentiment_label, func.count(),
               func.sum(Feedback.sentiment_score))
        .where(Feedback.customer_id == CID)
        .group_by(Feedback.channel, Feedback.source, Feedback.party, Feedback.sentiment_label)),
    "monthly": lambda s, where: (
        select(month_label(s, Feedback.posted_at).label("month"), func.count(), func.avg(Feedback.sentiment_score),
               func.sum(case((Feedback.sentiment_label == "positive", 1), else_=0)),
               func.sum(case((Feedback.sentiment_label == "negative", 1), else_=0)))
        .where(where).group_by("month").order_by("month")),
    "light": _light,
    "pains": lambda s, where: (
        select(FeedbackPainPoint.code, FeedbackPainPoint.feedback_id, Feedback.posted_at, Feedback.channel,
               Feedback.handled_at, Product.sku,
               func.substr(Feedback.text, FeedbackPainPoint.span_start + 1,
                           FeedbackPainPoint.span_end - FeedbackPainPoint.span_start),
               func.substr(Feedback.text, CLAUSE_START + 1, CLAUSE_END - CLAUSE_START),
               Feedback.analyzer_version, Feedback.taxonomy_version)
        .join(Feedback, Feedback.id == FeedbackPainPoint.feedback_id)
        .outerjoin(Product, Product.id == Feedback.product_id)
        .where(where).order_by(Feedback.posted_at.desc()).limit(1000)),
    "themes": lambda s, where: customer_theme_rows(where),
    # the newest items with what item_view shows, and their codes: the light items' first rows, asked together
    "latest": lambda s, where: (
        select(*LATEST_COLUMNS).outerjoin(Product, Product.id == Feedback.product_id)
        .where(where).order_by(Feedback.posted_at.desc(), Feedback.id.desc()).limit(LATEST)),
    "latest_codes": lambda s, where: (
        select(FeedbackPainPoint.feedback_id, FeedbackPainPoint.code)
        .where(FeedbackPainPoint.feedback_id.in_(_newest(where)))),
    "versions": lambda s, where: (
        select(Feedback.analyzer_version, Feedback.taxonomy_version, func.count()).where(where)
        .group_by(Feedback.analyzer_version, Feedback.taxonomy_version)
        .order_by(Feedback.analyzer_version, Feedback.taxonomy_version)),
    "purchases": lambda s, _w: (
        select(func.count(), func.count(distinct(func.coalesce(Purchase.order_id, Purchase.external_id))),
               func.sum(Purchase.amount), func.min(Purchase.purchased_at), func.max(Purchase.purchased_at))
        .where(Purchase.customer_id == CID)),
    "products": lambda s, _w: (
        select(Product.id, Product.sku, Product.name, Product.category, func.count(), func.sum(Purchase.quantity),
               func.sum(Purchase.amount))
        .join(Product, Product.id == Purchase.product_id).where(Purchase.customer_id == CID)
        .group_by(Product.id, Product.sku, Product.name, Product.category)
        .order_by(func.count().desc(), func.sum(Purchase.amount).desc(), Product.sku)),
    "orders": lambda s, _w: (
        select(Purchase.order_id, Product.sku, Product.name, Purchase.quantity, Purchase.amount, Purchase.currency,
               Purchase.purchased_at, Purchase.channel)
        .join(Product, Product.id == Purchase.product_id).where(Purchase.customer_id == CID)
        .order_by(Purchase.purchased_at.desc(), Purchase.id.desc()).limit(20)),
}


def feedback_counts(session: Session, customer_id: int) -> list:
    """(channel, source, party, label, count, score sum) over all of the customer's linked items."""
    return _run(session, "counts", customer_id)


def monthly_series(session: Session, customer_id: int, social: bool) -> list[dict]:
    """Per month: items, average score, positive and negative counts."""
    rows = _run(session, "monthly", customer_id, social)
    return [{"month": m, "count": n, "average_score": round(float(a or 0), 3), "positive": int(p or 0),
             "negative": int(q or 0)} for m, n, a, p, q in rows]


def _light_dicts(rows) -> list[dict]:
    return [{"id": r[0], "channel": r[1], "source": r[2], "party": r[3], "posted_at": r[4], "sentiment_label": r[5],
             "sentiment_score": r[6], "rating": r[7], "journey": r[8] or [], "emotions": r[9] or [],
             "handled_at": r[10], "deidentified": r[11] is not None, "is_question": bool(r[12]),
             "customer_id": r[13], "sku": r[14]} for r in rows]


def light_items(session: Session, where, limit: int = RECENT_ITEMS) -> list[dict]:
    """The latest items matching a clause, without their texts: what the rules need."""
    return _light_dicts(session.execute(_light(session, where, limit)))


def customer_light_items(session: Session, customer_id: int, social: bool) -> list[dict]:
    """One customer's latest visible items, without texts."""
    return _light_dicts(_run(session, "light", customer_id, social))


def pain_rows(session: Session, customer_id: int, social: bool) -> list[dict]:
    """The customer's pain points, newest first, with span and clause texts (None once de-identified)."""
    rows = _run(session, "pains", customer_id, social)
    return [{"code": c, "feedback_id": f, "posted_at": at, "channel": ch, "handled_at": h, "sku": sku, "span": s,
             "clause": cl, "analyzer_version": av, "taxonomy_version": tv}
            for c, f, at, ch, h, sku, s, cl, av, tv in rows]


def analysis_versions(session: Session, customer_id: int, social: bool) -> list[dict]:
    """Which analyzer and taxonomy versions produced the analyses of the customer's visible items, with counts."""
    return [{"analyzer_version": a, "taxonomy_version": t, "items": n}
            for a, t, n in _run(session, "versions", customer_id, social)]


def theme_rows(session: Session, customer_id: int, social: bool) -> list:
    """The theme phrases of the customer's visible items (aggregates.themes.customer_theme_rows)."""
    return _run(session, "themes", customer_id, social)


def latest_items(session: Session, customer_id: int, social: bool) -> tuple[list, dict[int, list[str]]]:
    """The LATEST visible items (rows with what item_view reads, and the product sku) and feedback id -> codes."""
    codes: dict[int, list[str]] = {}
    for fid, code in _run(session, "latest_codes", customer_id, social):
        codes.setdefault(fid, []).append(code)
    return _run(session, "latest", customer_id, social), codes


def purchase_summary(session: Session, customer_id: int) -> dict:
    """Count, distinct orders, total value, first and last purchase."""
    [row] = _run(session, "purchases", customer_id)
    return {"count": row[0], "orders": row[1], "total_value": Decimal(str(row[2] or 0)).quantize(Decimal("0.01")),
            "first_purchase_at": row[3], "last_purchase_at": row[4]}


def products_bought(session: Session, customer_id: int) -> list[dict]:
    """Per product: lines, units and value, most bought first."""
    rows = _run(session, "products", customer_id)
    return [{"product_id": i, "sku": s, "name": n, "category": c, "lines": k, "units": int(u or 0),
             "value": Decimal(str(v or 0)).quantize(Decimal("0.01"))} for i, s, n, c, k, u, v in rows]


def recent_orders(session: Session, customer_id: int) -> list[dict]:
    """The latest order lines."""
    rows = _run(session, "orders", customer_id)
    return [{"order_id": o, "sku": s, "name": n, "quantity": q, "amount": a, "currency": c, "purchased_at": at,
             "channel": ch} for o, s, n, q, a, c, at, ch in rows]


def co_purchases(session: Session, customer_id: int, bought: list[dict]) -> list[dict]:
    """What other buyers of the customer's products also bought, most shared first (from the affinity table)."""
    mine = {p["product_id"]: p for p in bought}
    if not mine:
        return []
    table, products = product_affinity(session)
    buyers: dict[int, int] = {}
    for product_id in list(mine)[:10]:
        for other, n in table.get(product_id, ()):
            if other not in mine:
                buyers[other] = max(buyers.get(other, 0), n)
    categories = {p["category"] for p in mine.values()}
    because = ", ".join(p["sku"] for p in bought[:3])
    ranked = sorted(buyers.items(), key=lambda kv: (-kv[1], products[kv[0]][0]))[:SUGGESTIONS]
    return [{"sku": products[pid][0], "kind": "upsell" if products[pid][1] in categories else "cross_sell",
             "buyers": n, "because": because} for pid, n in ranked]
