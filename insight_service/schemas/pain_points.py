"""Wire shapes of the R&D pain-point aggregates, trends and exports."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, pre_load, validate

from ..services.aggregates.exports import FORMATS
from ..services.aggregates.pain_points import DIMENSIONS
from ..services.aggregates.periods import PERIODS
from .records import UTCDateTime

class PainPointQuerySchema(Schema):
    """Grouping and filters of the aggregate (group_by is a comma-separated list of dimensions)."""

    group_by = fields.List(fields.String(validate=validate.OneOf(DIMENSIONS)), load_default=["product", "code"],
                           validate=validate.Length(1, len(DIMENSIONS)),
                           metadata={"description": "comma-separated: " + ", ".join(DIMENSIONS)})
    period = fields.String(load_default="month", validate=validate.OneOf(PERIODS))
    since = UTCDateTime()
    until = UTCDateTime()
    sku = fields.String(validate=validate.Length(1, 64))
    category = fields.String(validate=validate.Length(1, 100))
    code = fields.String(validate=validate.Length(1, 32))
    source = fields.String(validate=validate.Length(1, 64))
    language = fields.String(validate=validate.Length(1, 8))

    @pre_load
    def _split(self, data, **_kwargs):
        data = dict(data)
        raw = data.get("group_by")
        if isinstance(raw, str):
            data["group_by"] = [p.strip() for p in raw.split(",") if p.strip()]
            if not data["group_by"]:
                raise ValidationError("name at least one dimension", "group_by")
        return data


class PainPointPageQuerySchema(PainPointQuerySchema):
    """The aggregate with paging."""

    limit = fields.Integer(load_default=500, validate=validate.Range(1, 10_000))
    offset = fields.Integer(load_default=0, validate=validate.Range(0, 10_000_000))


class ExportQuerySchema(PainPointQuerySchema):
    """The aggregate as a file."""

    format = fields.String(load_default="csv", validate=validate.OneOf(tuple(FORMATS)))


class CellSchema(Schema):
    """One aggregate cell (dimensions not grouped by are null); no person, only groups of at least k authors."""

    period = fields.String(allow_none=True)
    sku = fields.String(allow_none=True)
    product_name = fields.String(allow_none=True)
    category = fields.String(allow_none=True)
    code = fields.String(allow_none=True)
    code_label = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    mentions = fields.Integer()
    distinct_authors = fields.Integer()
    share_of_product_feedback = fields.Float(allow_none=True)
    average_sentiment = fields.Float()
    buyers = fields.Integer(allow_none=True)
    reporting_buyers = fields.Integer(allow_none=True)
    incidence_among_buyers = fields.Float(allow_none=True)
    quotes = fields.List(fields.String(), metadata={"description": "scrubbed spans from items whose use is allowed"})


class AggregateSchema(Schema):
    """The aggregate with its taxonomy version, k and the cells suppressed for having fewer than k authors."""

    taxonomy_version = fields.String()
    k = fields.Integer()
    group_by = fields.List(fields.String())
    filters = fields.Dict(keys=fields.String(), values=fields.String())
    suppressed_cells = fields.Integer()
    total = fields.Integer()
    limit = fields.Integer()
    offset = fields.Integer()
    rows = fields.List(fields.Nested(CellSchema))


class TrendQuerySchema(Schema):
    """Window and filters of the weekly series."""

    weeks = fields.Integer(load_default=12, validate=validate.Range(1, 104))
    until = UTCDateTime()
    sku = fields.String(validate=validate.Length(1, 64))
    code = fields.String(validate=validate.Length(1, 32))


class TrendsSchema(Schema):
    """Weekly series per product x pain point and the emerging issues, earliest first."""

    weeks = fields.Integer()
    until = fields.DateTime()
    k = fields.Integer()
    rule = fields.String()
    suppressed_series = fields.Integer()
    series = fields.List(fields.Nested(Schema.from_dict(
        {"sku": fields.String(), "code": fields.String(), "code_label": fields.String(allow_none=True),
         "points": fields.List(fields.Nested(Schema.from_dict(
             {"week": fields.Date(), "count": fields.Integer(allow_none=True), "emerging": fields.Boolean()},
             name="TrendPoint")))}, name="TrendSeries")))
    emerging = fields.List(fields.Nested(Schema.from_dict(
        {"sku": fields.String(), "code": fields.String(), "code_label": fields.String(allow_none=True),
         "week": fields.Date(), "count": fields.Integer(), "baseline_mean": fields.Float(),
         "threshold": fields.Float()}, name="EmergingIssue")))


class ThemeQuerySchema(Schema):
    """Window and filters of the discovered themes."""

    weeks = fields.Integer(load_default=12, validate=validate.Range(1, 104))
    until = UTCDateTime()
    sku = fields.String(validate=validate.Length(1, 64))
    category = fields.String(validate=validate.Length(1, 100))
    source = fields.String(validate=validate.Length(1, 64))
    language = fields.String(validate=validate.Length(1, 8))


class ThemeSchema(Schema):
    """A theme no taxonomy code covers: a key phrase of negative clauses of one product, k or more authors."""

    sku = fields.String()
    product_name = fields.String(allow_none=True)
    key = fields.String(metadata={"description": "the stemmed key phrase ('hing snap'); promote it by this key"})
    label = fields.String(metadata={"description": "the key phrase as customers wrote it most often, scrubbed"})
    phrases = fields.List(fields.String(), metadata={"description": "the merged key phrases (they share items)"})
    mentions = fields.Integer(metadata={"description": "items in the window"})
    distinct_authors = fields.Integer()
    quotes = fields.List(fields.String(), metadata={"description": "scrubbed clauses from items whose use is allowed"})
    emerging = fields.Nested(Schema.from_dict(
        {"week": fields.Date(), "count": fields.Integer(), "baseline_mean": fields.Float(),
         "threshold": fields.Float()}, name="EmergingTheme"), allow_none=True)
    points = fields.List(fields.Nested(Schema.from_dict(
        {"week": fields.Date(), "count": fields.Integer(allow_none=True), "emerging": fields.Boolean()},
        name="ThemePoint")))


class ThemesSchema(Schema):
    """Discovered themes, most reported first, with the versions and the rule that produced them."""

    weeks = fields.Integer()
    until = fields.DateTime()
    k = fields.Integer()
    rule = fields.String()
    analyzer_version = fields.String()
    taxonomy_version = fields.String()
    themes = fields.List(fields.Nested(ThemeSchema))
