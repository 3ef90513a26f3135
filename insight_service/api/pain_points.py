"""Pain-point aggregates, trends and exports for R&D: de-identified, k-anonymous."""
from __future__ import annotations

from flask import Blueprint, current_app

from .. import db
from ..analysis import ANALYZER_VERSION, taxonomy
from ..models import utcnow
from ..schemas.pain_points import AggregateSchema, ExportQuerySchema, PainPointPageQuerySchema, ThemeQuerySchema, \
    ThemesSchema, TrendQuerySchema, TrendsSchema
from ..services.aggregates.exports import FORMATS
from ..services.aggregates.cache import cached_aggregate
from ..services.aggregates.themes import THEMES_NOTE, cached_themes, theme_cells
from ..services.aggregates.trends import weekly_trends
from .context import audit
from .export_response import export_response
from .routing import endpoint

bp = Blueprint("pain_points", __name__, url_prefix="/api/v1")


def _filters(query: dict) -> dict:
    return {k: v for k, v in query.items() if k not in ("group_by", "period", "limit", "offset", "format")}


@endpoint(bp, "/pain-points", area="pain_points", summary="Pain-point aggregate",
          query=PainPointPageQuerySchema, response=AggregateSchema)
def read_pain_points(query):
    """Mentions, distinct authors, share, local sentiment and incidence among buyers per cell; cells under k
    distinct authors are suppressed, quotes are scrubbed."""
    k = current_app.config["K_ANONYMITY"]
    stats: dict = {}
    rows = cached_aggregate(db.session(), group_by=query["group_by"], period=query["period"], k=k, stats=stats,
                            **_filters(query))
    audit("pain_points.read", detail={"cells": len(rows)})
    return {"taxonomy_version": taxonomy().version, "k": k, "group_by": query["group_by"],
            "filters": {key: str(v) for key, v in _filters(query).items()}, "total": len(rows),
            "suppressed_cells": stats["suppressed_cells"], "limit": query["limit"], "offset": query["offset"],
            "rows": rows[query["offset"]:query["offset"] + query["limit"]]}


@endpoint(bp, "/pain-points/trends", area="pain_points", summary="Weekly pain-point series and emerging issues",
          query=TrendQuerySchema, response=TrendsSchema)
def read_trends(query):
    """Per product x pain point; a week is emerging by the rule stated in the answer."""
    return weekly_trends(db.session(), k=current_app.config["K_ANONYMITY"], **query)


@endpoint(bp, "/pain-points/themes", area="pain_points", summary="Themes beyond the taxonomy",
          query=ThemeQuerySchema, response=ThemesSchema)
def read_themes(query):
    """Key phrases of negative clauses that no pain-point code covers, per product, merged when they share items;
    only phrases of at least k distinct authors, quotes scrubbed, weekly series with emerging weeks by the rule of
    the codes."""
    found = cached_themes(db.session(), k=current_app.config["K_ANONYMITY"], **query)
    audit("pain_points.read", detail={"view": "themes", "themes": len(found["themes"])})
    return found


@endpoint(bp, "/pain-points/export", area="pain_points", summary="Export the pain-point aggregate",
          query=ExportQuerySchema, content_type=tuple(FORMATS.values()))
def export_pain_points(query):
    """The aggregate as csv, json, xlsx or parquet (text/csv, application/json, application/vnd.openxmlformats-
    officedocument.spreadsheetml.sheet, application/vnd.apache.parquet), streamed, with a filename; taxonomy
    version, k and filters in the metadata; grouped by product and code, the discovered themes follow the code
    cells as rows whose code is 'theme:<key>' (label in code_label, share, sentiment and buyers empty) ('#'
    lines in CSV, a metadata object in JSON, a sheet in XLSX, the schema's key-value metadata in Parquet). CSV:
    the header and every text field are quoted, numbers are bare (ints as ints, floats in their shortest exact
    form, e.g. -0.25), a missing value is an empty unquoted field and an empty text is "", quotes are joined
    with ' | '. In CSV and XLSX a text cell that begins with = + - @ tab or CR gets a leading ' so no
    spreadsheet runs it as a formula; JSON and Parquet carry the text exactly."""
    fmt, k = query["format"], current_app.config["K_ANONYMITY"]
    metadata = {"taxonomy_version": taxonomy().version, "analyzer_version": ANALYZER_VERSION, "k_anonymity": k,
                "group_by": query["group_by"], "period": query["period"],
                "filters": {key: str(v) for key, v in _filters(query).items()}, "themes": THEMES_NOTE,
                "generated_at": utcnow().isoformat()}
    audit("pain_points.export", detail={"format": fmt})
    filters = _filters(query)
    return export_response(fmt, metadata, lambda session: cached_aggregate(
        session, group_by=query["group_by"], period=query["period"], k=k, **filters)
        + theme_cells(session, k=k, group_by=query["group_by"], **filters))

