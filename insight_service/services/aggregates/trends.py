"""Weekly pain-point series per product and code, and emerging issues by a stated statistical rule."""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ...analysis import taxonomy
from ...models import PainPointFact, Product, utcnow
from ...models.aggregates import NO_PRODUCT

BASELINE_WEEKS = 8
MIN_COUNT = 5
Z = 3.0


def is_emerging(count: int, baseline: list[int]) -> tuple[bool, float, float]:
    """Flag a week whose count is at least MIN_COUNT and above mean + Z x spread of the trailing weeks.

    spread = max(standard deviation, sqrt(mean), 1): the Poisson floor keeps a quiet, flat baseline from
    flagging every small bump. Returns (flagged, mean, threshold).
    """
    mean = sum(baseline) / len(baseline) if baseline else 0.0
    sd = math.sqrt(sum((b - mean) ** 2 for b in baseline) / len(baseline)) if baseline else 0.0
    threshold = mean + Z * max(sd, math.sqrt(mean), 1.0)
    return count >= MIN_COUNT and count > threshold, round(mean, 2), round(threshold, 2)


def _monday(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


def weekly_counts(session: Session, start: datetime, first: datetime, until: datetime, sku: str | None = None,
                  code: str | None = None) -> tuple[dict, dict]:
    """{(sku, code): {week: (mentions, authors)}} from start, and {(sku, code): authors} from first, up to until."""
    fact = PainPointFact
    where = [fact.posted_at >= start, fact.posted_at < until, fact.product_id != NO_PRODUCT]
    if sku:
        where.append(fact.product_id == select(Product.id).where(Product.sku == sku).scalar_subquery())
    if code:
        where.append(fact.code == code)
    # from the facts in index order: the weekly cells, then each series' authors over the shown weeks
    authors = func.count(func.distinct(fact.author_key))
    rows = session.execute(select(fact.product_id, fact.code, fact.week, func.sum(fact.code_first), authors)
                           .where(*where).group_by(fact.product_id, fact.code, fact.week))
    totals = dict(((p, c), n) for p, c, n in session.execute(
        select(fact.product_id, fact.code, authors).where(*where, fact.posted_at >= first)
        .group_by(fact.product_id, fact.code)))
    skus = dict(session.execute(select(Product.id, Product.sku)).all())
    cells: dict[tuple, dict[date, tuple[int, int]]] = {}
    for p, c, w, n, a in rows:
        cells.setdefault((skus[p], c), {})[date.fromisoformat(str(w)[:10])] = (n, a)
    return cells, {(skus[p], c): n for (p, c), n in totals.items()}


def weekly_trends(session: Session, *, weeks: int = 12, until: datetime | None = None, k: int = 5,
                  sku: str | None = None, code: str | None = None) -> dict:
    """Series of the last `weeks` weeks (cells under k authors are null) and the emerging issues, earliest first."""
    until = until or utcnow()
    last = _monday(until)
    first = last - timedelta(weeks=weeks - 1)
    start = first - timedelta(weeks=BASELINE_WEEKS)
    cells, totals = weekly_counts(session, datetime.combine(start, datetime.min.time(), until.tzinfo),
                                  datetime.combine(first, datetime.min.time(), until.tzinfo), until, sku, code)
    all_weeks = [start + timedelta(weeks=i) for i in range(BASELINE_WEEKS + weeks)]
    labels = {c: s.label_en for c, s in taxonomy().codes.items()}
    series, emerging, suppressed = [], [], 0
    for (s, c), by_week in sorted(cells.items()):
        if totals.get((s, c), 0) < k:
            suppressed += 1
            continue
        counts = [by_week.get(w, (0, 0)) for w in all_weeks]
        points, flagged = [], None
        for i in range(BASELINE_WEEKS, len(all_weeks)):
            n, a = counts[i]
            shown = n == 0 or a >= k
            hit, mean, threshold = is_emerging(n, [x for x, _ in counts[i - BASELINE_WEEKS:i]])
            hit = hit and shown
            points.append({"week": all_weeks[i], "count": n if shown else None, "emerging": hit})
            if hit and flagged is None:
                flagged = {"sku": s, "code": c, "code_label": labels.get(c), "week": all_weeks[i], "count": n,
                           "baseline_mean": mean, "threshold": threshold}
        series.append({"sku": s, "code": c, "code_label": labels.get(c), "points": points})
        if flagged:
            emerging.append(flagged)
    emerging.sort(key=lambda e: (e["week"], e["sku"], e["code"]))
    return {"weeks": weeks, "until": until, "k": k, "rule": RULE, "series": series, "emerging": emerging,
            "suppressed_series": suppressed}


RULE = (f"a week is emerging when its count is at least {MIN_COUNT} and above the mean of the {BASELINE_WEEKS} "
        f"weeks before it plus {Z:g} x max(standard deviation, sqrt(mean), 1); listed by the first such week")
