"""The pain-point overview: de-identified charts, weekly trends and exports, from the same services as the API."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from flask import current_app, render_template, request, url_for
from marshmallow import Schema, fields, validate

from .. import charts, db
from ..analysis import taxonomy
from ..api.context import audit
from ..models import utcnow
from ..api.export_response import export_response
from .. import analysis
from ..services.aggregates.cache import cached_aggregate, cached_result
from ..services.ingest.reanalysis import stored_versions
from ..services.aggregates.themes import THEMES_NOTE, cached_themes, theme_cells
from ..services.aggregates.trends import weekly_trends
from .access import csrf_token, grant_for
from .blueprint import bp

PERIODS = {4: "last 4 weeks", 12: "last 12 weeks", 26: "last 26 weeks", 52: "last 52 weeks"}
FILTERS = ("sku", "category", "source", "language")
TOP = 10
LINES = 6


class OverviewQuerySchema(Schema):
    """The overview's filters, all in the URL (t is the signed link's token)."""

    weeks = fields.Integer(load_default=12, validate=validate.OneOf(tuple(PERIODS)))
    sku = fields.String(load_default=None, validate=validate.Length(max=64))
    category = fields.String(load_default=None, validate=validate.Length(max=100))
    source = fields.String(load_default=None, validate=validate.Length(max=64))
    language = fields.String(load_default=None, validate=validate.Length(max=8))
    # the trends reach 112 weeks back and a window ends the day after it: within the calendar, as every API instant
    until = fields.Date(load_default=None, validate=validate.Range(date(10, 1, 1), date(9998, 12, 31)),
                        metadata={"description": "last day of the period (default: today)"})
    t = fields.String(load_default=None)


def _query() -> dict:
    raw = {k: v for k, v in request.args.items() if v != ""}
    return OverviewQuerySchema().load(raw)


def _end(query: dict):
    """The end of the period: the end of the `until` day, or now."""
    if query.get("until"):
        return datetime.combine(query["until"] + timedelta(days=1), time.min, timezone.utc)
    return utcnow()


def _service_filters(query: dict, end) -> dict:
    found = {k: query[k] for k in FILTERS if query.get(k)}
    return {**found, "since": end - timedelta(weeks=query["weeks"]), "until": end}


def _rows(group_by, k: int, stats: dict | None = None, **filters) -> list[dict]:
    return cached_aggregate(db.session(), group_by=group_by, period="week", k=k, stats=stats, **filters)


def _options(k: int, since) -> dict:
    """Filter choices: only values that have a cell of at least k authors in the window."""
    products = _rows(("product", "category"), k, since=since)
    return {"sku": sorted({(r["sku"], f"{r['sku']} · {r['product_name'] or ''}".rstrip(" ·")) for r in products
                           if r["sku"]}),
            "category": sorted({(r["category"], r["category"]) for r in products if r["category"]}),
            "source": sorted({(r["source"], r["source"]) for r in _rows(("source",), k, since=since)}),
            "language": sorted({(r["language"], r["language"]) for r in _rows(("language",), k, since=since)
                                if r["language"]})}


def _trend_chart(trends: dict, skus: set[str] | None, totals: dict[str, int]) -> tuple:
    """The largest product x pain-point series, and all pain points per week as a grey reference line."""
    series = [s for s in trends["series"] if (skus is None or s["sku"] in skus)
              and any(p["count"] for p in s["points"])]
    series.sort(key=lambda s: (-sum(p["count"] or 0 for p in s["points"]), s["sku"], s["code"]))
    shown = series[:LINES]
    until = trends["until"].date()
    last = until - timedelta(days=until.weekday())
    weeks = [(last - timedelta(weeks=trends["weeks"] - 1 - i)).isoformat() for i in range(trends["weeks"])]
    lines = [{"name": f"{s['sku']} · {s['code_label'] or s['code']}", "points": [p["count"] for p in s["points"]],
              "emerging": [p["emerging"] for p in s["points"]], "total": sum(p["count"] or 0 for p in s["points"])}
             for s in shown]
    reference = [{"name": "all pain points", "points": [totals.get(w) for w in weeks], "emerging": [False] * len(weeks),
                  "total": sum(totals.get(w) or 0 for w in weeks), "reference": True}] if totals else []
    desc = (f"Weekly mentions over {trends['weeks']} weeks: all pain points and the {len(lines)} largest product and "
            f"pain-point series; {sum(any(line['emerging']) for line in lines)} of them have an emerging week.")
    chart = charts.weekly_lines(reference + lines, weeks, "Weekly mentions per product and pain point", desc)
    return chart, lines


def overview_context(query: dict) -> dict:
    """Everything the overview template shows; every figure comes from the de-identified aggregates."""
    k = current_app.config["K_ANONYMITY"]
    end = _end(query)
    filters = _service_filters(query, end)
    stats: dict = {}
    by_code = _rows(("code",), k, stats, **filters)
    suppressed = stats["suppressed_cells"]
    by_product = _rows(("product", "category", "code"), k, stats, **filters)
    suppressed += stats["suppressed_cells"]
    by_code.sort(key=lambda r: (-r["mentions"], r["code"]))
    by_product.sort(key=lambda r: (-r["mentions"], r["sku"] or "", r["code"]))
    categories: dict[str, list[dict]] = {}
    for row in (r for r in by_product if r["sku"]):
        categories.setdefault(row["category"] or "uncategorised", []).append(row)
    cat_rows = []
    for name, rows in categories.items():
        merged: dict[str, dict] = {}
        for r in rows:
            m = merged.setdefault(r["code"], {"label": r["code_label"] or r["code"], "mentions": 0})
            m["mentions"] += r["mentions"]
        cat_rows.append((name, sorted(merged.values(), key=lambda m: -m["mentions"])[:5],
                         sum(r["mentions"] for r in rows)))
    cat_rows.sort(key=lambda c: -c[2])
    cat_charts = [(name, total, charts.bar_chart(
        [(m["label"], m["mentions"], "bar-cat") for m in top], f"Top pain points in {name}",
        f"Mentions of the top {len(top)} pain points in the category {name}.", width=500, label_width=190,
        headers=("pain point", "mentions"))) for name, top, total in cat_rows[:4]]
    trends = weekly_trends(db.session(), weeks=query["weeks"], until=end, k=k, sku=query.get("sku"))
    skus = ({r["sku"] for r in by_product} if any(query.get(f) for f in ("category", "source", "language"))
            else None)
    weekly = {str(r["period"])[:10]: r["mentions"] for r in _rows(("period",), k, **filters)}
    trend_chart, lines = _trend_chart(trends, skus, weekly)
    emerging = [e for e in trends["emerging"] if skus is None or e["sku"] in skus]
    incidence = sorted((r for r in by_product if r["incidence_among_buyers"] is not None),
                       key=lambda r: (-r["incidence_among_buyers"], -r["mentions"]))[:TOP]
    total_mentions = sum(r["mentions"] for r in by_code)
    themes = cached_themes(db.session(), weeks=query["weeks"], until=end, k=k,
                           **{f: query[f] for f in FILTERS if query.get(f)})["themes"]
    return {
        "themes": themes[:TOP], "emerging_themes": [t for t in themes if t["emerging"]],
        "analyzer_version": analysis.ANALYZER_VERSION,
        "older_versions": [v for v in cached_result(db.session(), "versions", stored_versions)
                           if (v["analyzer_version"], v["taxonomy_version"]) != (analysis.ANALYZER_VERSION,
                                                                                 taxonomy().version)],
        "query": query, "k": k, "end": end - timedelta(seconds=1), "periods": PERIODS,
        "taxonomy_version": taxonomy().version,
        "options": _options(k, filters["since"]), "suppressed": suppressed, "total_mentions": total_mentions,
        "top_code": by_code[0] if by_code else None, "emerging": emerging, "lines": lines,
        "code_chart": charts.bar_chart([(r["code_label"] or r["code"], r["mentions"], "bar-main") for r in
                                        by_code[:TOP]], "Top pain points",
                                       f"Mentions of the {min(len(by_code), TOP)} most reported pain points, "
                                       f"{PERIODS[query['weeks']]}.", headers=("pain point", "mentions")),
        "product_chart": charts.bar_chart([(f"{r['sku']} · {r['code_label'] or r['code']}", r["mentions"],
                                            "bar-product") for r in [r for r in by_product if r["sku"]][:TOP]],
                                          "Top pain points per product",
                                          "Mentions of the most reported product and pain-point pairs.",
                                          label_width=290, headers=("product · pain point", "mentions")),
        "cat_charts": cat_charts, "trend_chart": trend_chart, "incidence": incidence,
        "quotes": [(r, q) for r in [r for r in by_product if r["sku"]][:6] for q in r["quotes"][:1]],
        "exports": {fmt: url_for("web.overview_export", fmt=fmt, **_link_args(query)) for fmt in ("csv", "xlsx",
                                                                                                  "parquet")},
    }


def _link_args(query: dict) -> dict:
    return {k: (v.isoformat() if k == "until" else v) for k, v in query.items() if v not in (None, "")}


@bp.get("/pain-points")
def overview():
    """Top pain points per product and category, weekly trends with emerging issues, incidence, exports."""
    grant = grant_for("overview", "pain_points")
    query = _query()
    context = overview_context(query)
    audit("pain_points.read", detail={"view": "overview", "weeks": query["weeks"]})
    return render_template("overview.html", **context, role=grant.role, signed_in=not query.get("t"),
                           csrf=csrf_token())


@bp.get("/pain-points/export.<any(csv, xlsx, parquet):fmt>")
def overview_export(fmt: str):
    """The aggregate under the overview's filters as a file (the same writer as the API's export)."""
    grant_for("overview", "pain_points")
    query = _query()
    k = current_app.config["K_ANONYMITY"]
    now = utcnow()
    filters = _service_filters(query, _end(query))
    metadata = {"taxonomy_version": taxonomy().version, "analyzer_version": analysis.ANALYZER_VERSION,
                "k_anonymity": k, "group_by": ["product", "code"], "period": "week",
                "filters": {key: str(v) for key, v in filters.items()}, "themes": THEMES_NOTE,
                "generated_at": now.isoformat()}
    audit("pain_points.export", detail={"format": fmt, "via": "overview"})
    return export_response(fmt, metadata, lambda session: cached_aggregate(
        session, group_by=("product", "code"), period="week", k=k, **filters)
        + theme_cells(session, k=k, **filters))
