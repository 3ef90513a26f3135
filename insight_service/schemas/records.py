"""The canonical record formats every source produces (docs/records.md)."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validate

from .record_loader import RecordLoader

PURPOSES = ("social_profiling", "marketing", "testimonial")
CONSENT_STATUSES = ("granted", "denied", "withdrawn")
HANDLE_KINDS = ("twitter", "facebook", "instagram", "trustpilot")
AUTHOR_KINDS = ("email", "phone", *HANDLE_KINDS)
CHANNELS = ("social", "review", "forum", "ticket", "survey")
PARTIES = ("first", "third")
MAX_TEXT_LENGTH = 20_000

Key = lambda: fields.String(required=True, validate=validate.Length(1, 128))  # noqa: E731


def amount_in_range(value) -> None:
    """Amounts up to a billion either way (a Range validator would leak Decimals into the OpenAPI YAML)."""
    if not -1_000_000_000 <= value <= 1_000_000_000:
        raise ValidationError("must be between -1000000000 and 1000000000")


class UTCDateTime(fields.DateTime):
    """An ISO 8601 timestamp; naive values are read as UTC, aware ones converted to UTC (years 1-9999 in UTC)."""

    # Python's datetimes end at years 1 and 9999; windows reach years back from an instant (trends, baselines)
    # and periods end a day or a week after one, so the range keeps a margin that every window fits in.
    # The year as written must be 0011-9997: a UTC offset (at most a day) then keeps it within 10-9998 in UTC, and
    # the contract can state the rule exactly as a pattern (JSON Schema has no bounds for date-time strings).
    FIRST_YEAR, LAST_YEAR = 11, 9997
    PATTERN = r"^(00(1[1-9]|[2-9][0-9])|0[1-9][0-9]{2}|[1-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-7])-"
    EARLIEST = datetime(10, 1, 1, tzinfo=timezone.utc)
    LATEST = datetime(9998, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)
    RANGE_MESSAGE = "the year must lie between 0011 and 9997"

    def __init__(self, **kwargs):
        metadata = kwargs.setdefault("metadata", {})
        metadata.setdefault("description", "ISO 8601; a timestamp without a UTC offset is read as UTC. Years 0011 "
                                           "to 9997 as written.")
        metadata.setdefault("pattern", self.PATTERN)
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        parsed = super()._deserialize(value, attr, data, **kwargs)
        if not self.FIRST_YEAR <= parsed.year <= self.LAST_YEAR:
            raise ValidationError(self.RANGE_MESSAGE)
        try:
            moment = parsed.replace(tzinfo=timezone.utc) if parsed.tzinfo is None else parsed.astimezone(timezone.utc)
        except OverflowError:  # e.g. 0001-01-01T00:00:00+14:00 is in year 0 in UTC
            raise ValidationError(self.RANGE_MESSAGE) from None
        if not self.EARLIEST <= moment <= self.LATEST:
            raise ValidationError(self.RANGE_MESSAGE)
        return moment


class SiteCachedURL(validate.URL):
    """marshmallow's URL check, remembering its verdict on each site (scheme and host) it has seen.

    The check's regex costs 10-20 us a URL, and feedback URLs come from a few sites. The regex matches a URL
    exactly when it matches the part before the first / ? or # after "://" (no part of scheme, host or port
    can hold those) and the rest is empty, "/", or one of them followed by non-space characters.
    """

    SITE = re.compile(r".*?://[^/?#]*", re.DOTALL)  # up to the first / ? or # after the first "://"
    REST = re.compile(r"(?:/?|[/?#]\S+)\Z")
    MAX_SITES = 10_000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.sites: dict[str, bool] = {}

    def __call__(self, value: str) -> str:
        found = self.SITE.match(value) if isinstance(value, str) and not self.relative else None
        if found and "@" not in found[0] and self.REST.match(value, found.end()) and self._site_ok(found[0]):
            return value
        return super().__call__(value)  # the exact verdict and message

    def _site_ok(self, site: str) -> bool:
        known = self.sites.get(site)
        if known is None:
            try:
                super().__call__(site)
                known = True
            except ValidationError:
                known = False
            if len(self.sites) >= self.MAX_SITES:
                self.sites.clear()
            self.sites[site] = known
        return known


class SiteCachedUrl(fields.Url):
    """A URL field whose check remembers sites (SiteCachedURL)."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        plain = self.validators[0]
        self.validators[0] = SiteCachedURL(relative=plain.relative, absolute=plain.absolute, schemes=plain.schemes,
                                           require_tld=plain.require_tld, error=plain.error)


class RecordSchema(Schema):
    """Base of the record schemas: unknown keys are ignored; cross-field rules live in complete()."""

    class Meta:
        unknown = EXCLUDE

    def complete(self, data: dict) -> dict:
        """Checks across fields and final touches, after the fields loaded (RecordLoader runs it too)."""
        return data

    @post_load
    def _complete(self, data, **_kwargs):
        return self.complete(data)


class ConsentRecordSchema(RecordSchema):
    """A consent event as a CRM sends it."""

    purpose = fields.String(required=True, validate=validate.OneOf(PURPOSES))
    status = fields.String(required=True, validate=validate.OneOf(CONSENT_STATUSES))
    recorded_at = UTCDateTime(load_default=None)
    valid_from = UTCDateTime(load_default=None)
    expires_at = UTCDateTime(load_default=None, allow_none=True)
    source = fields.String(load_default=None, validate=validate.Length(max=64))


class CustomerRecordSchema(RecordSchema):
    """A customer from a CRM."""

    source = fields.String(required=True, validate=validate.Length(1, 64))
    external_id = Key()
    name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    email = fields.Email(load_default=None, allow_none=True, validate=validate.Length(max=320))
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=40))
    handles = fields.Dict(keys=fields.String(validate=validate.OneOf(HANDLE_KINDS)),
                          values=fields.String(validate=validate.Length(1, 200)), load_default=dict)
    consents = fields.List(fields.Nested(ConsentRecordSchema), load_default=list, validate=validate.Length(max=50))
    updated_at = UTCDateTime(load_default=None, allow_none=True)


class PurchaseRecordSchema(RecordSchema):
    """An order line."""

    source = fields.String(required=True, validate=validate.Length(1, 64))
    external_id = Key()
    order_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=128))
    customer_external_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=128))
    customer_source = fields.String(load_default=None, allow_none=True, validate=validate.Length(1, 64),
                                    metadata={"description": "the CRM of customer_external_id when not `source`"})
    customer_email = fields.Email(load_default=None, allow_none=True)
    sku = fields.String(required=True, validate=validate.Length(1, 64))
    product_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    category = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    quantity = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    amount = fields.Decimal(required=True, places=2, metadata={"minimum": -1e9, "maximum": 1e9},
                            validate=amount_in_range)
    currency = fields.String(load_default="EUR", validate=validate.Regexp(r"^[A-Z]{3}$"))
    purchased_at = UTCDateTime(required=True)
    channel = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=32))


AUTHOR_LIMITS = {"email": 320, "phone": 40, "twitter": 200, "facebook": 200, "instagram": 200, "trustpilot": 200,
                 "name": 200}


class AuthorField(fields.Field):
    """Who wrote a feedback item: identifiers used for linking, and a display name that never links.

    One field rather than a nested schema: it is loaded for every feedback record and a nested schema
    doubles the cost of validating a batch.
    """

    def __init__(self, **kwargs):
        properties = {k: {"type": ["string", "null"], "maxLength": n} for k, n in AUTHOR_LIMITS.items()}
        super().__init__(load_default=dict, metadata={"type": "object", "properties": properties,
                                                      "description": "identifiers of the author; name never links"},
                         **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValidationError("Not a valid mapping type.")
        out, errors = {}, {}
        for key, item in value.items():
            limit = AUTHOR_LIMITS.get(key)
            if limit is None or item is None:
                continue  # unknown keys are ignored, as everywhere in the records
            if not isinstance(item, str):
                errors[key] = ["Not a valid string."]
            elif len(item) > limit:
                errors[key] = [f"Longer than maximum length {limit}."]
            else:
                out[key] = item
        if errors:
            raise ValidationError(errors)
        return out


class FeedbackRecordSchema(RecordSchema):
    """Something a person said about us or our products."""

    source = fields.String(required=True, validate=validate.Length(1, 64))
    external_id = fields.String(required=True, validate=validate.Length(1, 256))
    channel = fields.String(required=True, validate=validate.OneOf(CHANNELS))
    party = fields.String(required=True, validate=validate.OneOf(PARTIES))
    author = AuthorField()
    text = fields.String(required=True, validate=validate.Length(1, MAX_TEXT_LENGTH))
    rating = fields.Float(load_default=None, allow_none=True, validate=validate.Range(1, 5))
    language = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=8))
    posted_at = UTCDateTime(required=True)
    url = SiteCachedUrl(load_default=None, allow_none=True, validate=validate.Length(max=1000))
    sku = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    order_ref = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=128))

    def complete(self, data: dict) -> dict:
        """Surrounding whitespace is not part of the text (unless it is all there is)."""
        data["text"] = data["text"].strip() or data["text"]
        return data


RECORD_SCHEMAS = {"customer": CustomerRecordSchema(), "purchase": PurchaseRecordSchema(),
                  "feedback": FeedbackRecordSchema()}
RECORD_LOADERS = {kind: RecordLoader(schema) for kind, schema in RECORD_SCHEMAS.items()}
