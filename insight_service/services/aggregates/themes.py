"""Discovered themes per product: key phrases of uncoded negative clauses shared by at least k distinct authors.

The phrases are extracted at ingest (analysis/themes.py -> `feedback_themes`); this module aggregates them in SQL
over the stored rows, joined to their items, so counts always follow linking, edits and de-identification with
nothing to keep in step. A (product, phrase) with fewer than k distinct authors is never shown. Phrases of one
product that share at least half of their items are merged into one theme (the hinge that "snaps", "snapped",
"snaps off"), labelled by its most reported phrase as customers wrote it. Each theme gets the weekly series and
the emerging-issue rule of the pain-point codes (services/aggregates/trends.py), and scrubbed quotes (the clause) from
items whose use is allowed.
"""
from __future__ import annotations

import re
import threading
from collections import Counter
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ... import analysis
from ...analysis.clauses import WINDOW, clause_bounds
from ...analysis.themes import stem
from ...models import Feedback, FeedbackTheme, Product, utcnow
from ..privacy.scrubbing import scrub
from .denominators import product_filters
from .facts import author_key
from .trends import BASELINE_WEEKS, RULE, is_emerging

MERGE_SHARE = 0.5  # of the smaller phrase's items
QUOTES = 2
TOP_PER_PRODUCT = 5
MAX_THEMES = 50


def _where(filters: dict, since: datetime, until: datetime) -> list:
    where = [Feedback.posted_at >= since, Feedback.posted_at < until, Feedback.product_id.is_not(None),
             *product_filters(Feedback.product_id, filters)]
    for name in ("source", "language"):
        if filters.get(name):
            where.append(getattr(Feedback, name) == filters[name])
    return where


def _candidates(session: Session, where: list, k: int) -> list[tuple[int, str]]:
    """(product, phrase) pairs reported by at least k distinct authors in the window."""
    authors = func.count(func.distinct(author_key()))
    query = (select(Feedback.product_id, FeedbackTheme.key).select_from(FeedbackTheme)
             .join(Feedback, Feedback.id == FeedbackTheme.feedback_id)
             .where(*where).group_by(Feedback.product_id, FeedbackTheme.key).having(authors >= k))
    return [tuple(row) for row in session.execute(query)]


def _rows(session: Session, candidates: list[tuple[int, str]], where: list) -> dict[tuple[int, str], list]:
    """(product, phrase) -> [(item, author, posted_at, label)] over the baseline and the window."""
    wanted = set(candidates)
    out: dict[tuple[int, str], list] = {}
    query = (select(Feedback.product_id, FeedbackTheme.key, FeedbackTheme.feedback_id, author_key(),
                    Feedback.posted_at, FeedbackTheme.label).select_from(FeedbackTheme)
             .join(Feedback, Feedback.id == FeedbackTheme.feedback_id)
             .where(*where, FeedbackTheme.key.in_(sorted({key for _p, key in wanted}))))
    for product, key, item, author, posted, label in session.execute(query):
        if (product, key) in wanted:
            out.setdefault((product, key), []).append((item, author, posted, label))
    return out


def names_the_product(key: str, name: str | None) -> bool:
    """Whether every word of a key phrase is a word of the product's name ("vonk studio" for "Vonk Studio
    Over-Ear"): saying what was bought is no problem of it."""
    if not name:
        return False
    words = re.findall(r"[^\W\d_]+", name.lower())
    stems = {stem(w, lang) for w in words for lang in ("en", "nl")}
    return set(key.split()) <= stems


def _merge(phrases: dict[str, list]) -> list[dict]:
    """Group one product's phrases that share at least MERGE_SHARE of the smaller one's items."""
    ranked = sorted(phrases, key=lambda key: (-len({r[1] for r in phrases[key] if r[1] is not None}), key))
    themes: list[dict] = []
    for key in ranked:
        items = {r[0] for r in phrases[key]}
        for theme in themes:
            if len(items & theme["items"]) >= MERGE_SHARE * min(len(items), len(theme["items"])):
                theme["keys"].append(key)
                theme["items"] |= items
                theme["rows"] += phrases[key]
                break
        else:
            themes.append({"keys": [key], "items": set(items), "rows": list(phrases[key])})
    return themes


def _monday(moment: datetime) -> date:
    day = moment.date()
    return day - timedelta(days=day.weekday())


def _series(rows: list, weeks: list[date], first: int, k: int) -> tuple[list[dict], dict | None]:
    """Weekly distinct items (null under k authors) and the first emerging week, by the codes' rule."""
    items: dict[date, set] = {}
    authors: dict[date, set] = {}
    for item, author, posted, _label in rows:
        week = _monday(posted)
        items.setdefault(week, set()).add(item)
        if author is not None:
            authors.setdefault(week, set()).add(author)
    counts = [len(items.get(w, ())) for w in weeks]
    points, flagged = [], None
    for i in range(first, len(weeks)):
        shown = counts[i] == 0 or len(authors.get(weeks[i], ())) >= k
        hit, mean, threshold = is_emerging(counts[i], counts[i - BASELINE_WEEKS:i])
        hit = hit and shown
        points.append({"week": weeks[i], "count": counts[i] if shown else None, "emerging": hit})
        if hit and flagged is None:
            flagged = {"week": weeks[i], "count": counts[i], "baseline_mean": mean, "threshold": threshold}
    return points, flagged


def _around():
    """SELECT the text around a theme phrase (enough for its clause), the window's offset and the phrase bounds."""
    offset = case((FeedbackTheme.phrase_start > WINDOW, FeedbackTheme.phrase_start - WINDOW), else_=0)
    window = func.substr(Feedback.text, offset + 1, FeedbackTheme.phrase_end - offset + WINDOW)
    return window, offset, FeedbackTheme.phrase_start, FeedbackTheme.phrase_end


def clause_of(window: str | None, offset: int, start: int, end: int) -> str | None:
    """The clause around a phrase (drawn as pain-point quotes are), from the window of text around it."""
    if not window:
        return None
    a, b = clause_bounds(window, start - offset, end - offset)
    return window[a:b]


def _quotes(session: Session, items: set[int], keys: list[str]) -> list[str]:
    """The newest scrubbed clauses of the theme's items that still have their text."""
    query = (select(Feedback.id, *_around()).select_from(FeedbackTheme)
             .join(Feedback, Feedback.id == FeedbackTheme.feedback_id)
             .where(FeedbackTheme.feedback_id.in_(sorted(items)), FeedbackTheme.key.in_(keys),
                    Feedback.text.is_not(None), Feedback.deidentified_at.is_(None))
             .order_by(Feedback.posted_at.desc(), Feedback.id.desc()).limit(QUOTES * 4))
    out: list[str] = []
    seen: set[int] = set()
    for item, *window in session.execute(query):
        quote = scrub(clause_of(*window))
        if item not in seen and quote and quote not in out:
            seen.add(item)
            out.append(quote)
        if len(out) == QUOTES:
            break
    return out


def discovered_themes(session: Session, *, weeks: int = 12, until: datetime | None = None, k: int = 5,
                      **filters) -> dict:
    """Themes per product over the last `weeks` weeks: label, phrases, items, distinct authors, quotes, series."""
    until = until or utcnow()
    last = _monday(until)
    first_week = last - timedelta(weeks=weeks - 1)
    start_week = first_week - timedelta(weeks=BASELINE_WEEKS)
    moment = lambda day: datetime.combine(day, datetime.min.time(), until.tzinfo)  # noqa: E731
    since = filters.pop("since", None) or moment(first_week)
    window = _where(filters, since, until)
    candidates = _candidates(session, window, k)
    rows = _rows(session, candidates, _where(filters, min(since, moment(start_week)), until)) if candidates else {}
    all_weeks = [start_week + timedelta(weeks=i) for i in range(BASELINE_WEEKS + weeks)]
    by_product: dict[int, dict[str, list]] = {}
    for (product, key), found in rows.items():
        by_product.setdefault(product, {})[key] = found
    products = dict((pid, (sku, name)) for pid, sku, name in session.execute(
        select(Product.id, Product.sku, Product.name).where(Product.id.in_(sorted(by_product))))) if by_product else {}
    themes = []
    for product, phrases in by_product.items():
        found = []
        phrases = {key: rows for key, rows in phrases.items() if not names_the_product(key, products[product][1])}
        for theme in _merge(phrases):
            inside = [r for r in theme["rows"] if r[2] >= since]
            authors = {r[1] for r in inside if r[1] is not None}
            if len(authors) < k:
                continue
            labels = Counter(r[3] for r in phrases[theme["keys"][0]] if r[2] >= since)
            points, flagged = _series(theme["rows"], all_weeks, BASELINE_WEEKS, k)
            found.append({"sku": products[product][0], "product_name": products[product][1],
                          "key": theme["keys"][0], "phrases": theme["keys"],
                          "label": labels.most_common(1)[0][0] if labels else theme["keys"][0],
                          "mentions": len({r[0] for r in inside}), "distinct_authors": len(authors),
                          "quotes": [], "emerging": flagged, "points": points, "items": {r[0] for r in inside}})
        found.sort(key=lambda t: (-t["distinct_authors"], -t["mentions"], t["key"]))
        themes += found[:TOP_PER_PRODUCT]
    themes.sort(key=lambda t: (-t["distinct_authors"], -t["mentions"], t["sku"], t["key"]))
    themes = themes[:MAX_THEMES]
    for theme in themes:
        theme["quotes"] = _quotes(session, theme.pop("items"), theme["phrases"])
        theme["label"] = scrub(theme["label"]) or theme["key"]
    return {"weeks": weeks, "until": until, "k": k, "rule": RULE, "analyzer_version": analysis.ANALYZER_VERSION,
            "taxonomy_version": analysis.taxonomy().version, "themes": themes}


def cached_themes(session: Session, **kwargs) -> dict:
    """discovered_themes under the aggregates' versioned cache (any new item, change or privacy event renews it)."""
    from .cache import cached_result

    return cached_result(session, "themes", discovered_themes, **kwargs)


SHARED_KEYS = 20_000  # phrases whose counts a process keeps: at most a few MB
_shared_lock = threading.Lock()


def shared_authors(session: Session, keys: set[str], products: set[int]) -> dict[tuple[int, str], int]:
    """Distinct authors of each (product, phrase) of products x keys over all items (0 when none).

    A popular phrase has tens of thousands of items at 1M feedback, and counting its authors reads each item
    (30-110 ms a call there): the counts are kept per process under the aggregates' data version (cache.kept: any
    new, changed or relinked item or privacy change renews them). A phrase not yet counted is counted for every
    product at once, for the same reads: the filter on the product applies only after each item is read.
    """
    from .cache import kept

    counts = kept(session, "theme_authors")  # phrase -> {product: distinct authors}
    with _shared_lock:
        known = {key: counts[key] for key in keys if key in counts}
    missing = sorted(keys - known.keys())
    if missing:
        fresh: dict[str, dict[int, int]] = {key: {} for key in missing}
        for product, key, n in session.execute(
                select(Feedback.product_id, FeedbackTheme.key, func.count(func.distinct(author_key())))
                .select_from(FeedbackTheme).join(Feedback, Feedback.id == FeedbackTheme.feedback_id)
                .where(FeedbackTheme.key.in_(missing), Feedback.product_id.is_not(None))
                .group_by(Feedback.product_id, FeedbackTheme.key)):
            fresh[key][product] = n
        with _shared_lock:
            if len(counts) + len(fresh) > SHARED_KEYS:
                counts.clear()
            counts.update(fresh)
        known.update(fresh)
    return {(p, key): known[key].get(p, 0) for p in products for key in keys}


def customer_theme_rows(where):
    """SELECT the theme phrases of a customer's visible items (`where`), newest first: what customer_themes reads."""
    return (select(FeedbackTheme.key, FeedbackTheme.label, FeedbackTheme.feedback_id, Feedback.product_id, Product.sku,
                   Feedback.channel, *_around(), Product.name).select_from(FeedbackTheme)
            .join(Feedback, Feedback.id == FeedbackTheme.feedback_id).join(Product, Product.id == Feedback.product_id)
            .where(where).order_by(Feedback.posted_at.desc(), Feedback.id.desc()).limit(200))


def customer_themes(session: Session, rows, role: str, k: int = 5, limit: int = 6) -> list[dict]:
    """The discovered themes (k or more authors of the product) that a customer's visible items belong to, from the
    rows of customer_theme_rows."""
    from ..access.roles import shows_text

    if not rows:
        return []
    counted = shared_authors(session, {r.key for r in rows}, {r.product_id for r in rows})
    shared = {pair: n for pair, n in counted.items() if n >= k}
    best: dict[int, tuple] = {}  # per item, its phrase shared by the most authors
    for r in rows:
        n = 0 if names_the_product(r.key, r.name) else shared.get((r.product_id, r.key), 0)
        if n and (r.feedback_id not in best or n > best[r.feedback_id][0]):
            best[r.feedback_id] = (n, r)
    out: dict[tuple, dict] = {}
    for n, r in sorted(best.values(), key=lambda v: -v[1].feedback_id):
        entry = out.setdefault((r.sku, r.key), {"key": r.key, "label": scrub(r.label) or r.key, "sku": r.sku,
                                                "shared_by_authors": n, "count": 0, "feedback_ids": [],
                                                "quote": None, "quote_feedback_id": None})
        entry["count"] += 1
        entry["feedback_ids"].append(r.feedback_id)
        if entry["quote"] is None and shows_text(role, r.channel):
            entry["quote"], entry["quote_feedback_id"] = scrub(clause_of(*r[6:10])), r.feedback_id
    return sorted(out.values(), key=lambda e: (-e["shared_by_authors"], e["sku"], e["key"]))[:limit]


THEME_PREFIX = "theme:"
THEMES_NOTE = ("rows whose code starts with 'theme:' are discovered themes: key phrases of negative clauses no code "
               "covers, per product, at least k distinct authors; code_label is the phrase as written")
EPOCH = datetime(1970, 1, 1)


def theme_cells(session: Session, *, k: int, group_by=("product", "code"), **filters) -> list[dict]:
    """The themes as export rows beside the code cells ('theme:<key>' in code, the label in code_label); only
    for the product x code grouping, the one a theme has."""
    if sorted(group_by) != ["code", "product"] or filters.get("code"):
        return []
    until = filters.pop("until", None) or utcnow()
    since = filters.pop("since", None) or EPOCH.replace(tzinfo=until.tzinfo)
    found = cached_themes(session, until=until, since=since, k=k, **filters)["themes"]
    return [{"period": None, "sku": t["sku"], "product_name": t["product_name"], "category": None,
             "code": THEME_PREFIX + t["key"], "code_label": t["label"], "source": None, "language": None,
             "mentions": t["mentions"], "distinct_authors": t["distinct_authors"], "share_of_product_feedback": None,
             "average_sentiment": None, "buyers": None, "reporting_buyers": None, "incidence_among_buyers": None,
             "quotes": t["quotes"]} for t in found]
