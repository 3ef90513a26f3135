"""Loading records with their marshmallow schema at batch speed: the same fields and validators, less machinery.

Schema.load spends about two thirds of its time in per-record and per-field bookkeeping (error stores, hooks,
validator chains built per call); a feedback batch pays it 1,000 times. RecordLoader calls the schema's own
fields' conversions and validators directly. Anything it does not accept (every error) goes through
schema.load itself, so error messages and edge cases stay marshmallow's. Schemas used here keep their
cross-field logic in RecordSchema.complete (which both paths run), not in other hooks.
"""
from __future__ import annotations

from collections.abc import Callable

from marshmallow import EXCLUDE, Schema, ValidationError, fields, missing

Step = Callable[[object, str, dict], object]


class RecordLoader:
    """schema.load for one record, fast on the valid common case and identical on everything else."""

    def __init__(self, schema: Schema):
        self.schema = schema
        self.steps = [(field.data_key or name, field.attribute or name, _step(field))
                      for name, field in schema.load_fields.items()]
        self.fast = schema.unknown == EXCLUDE and all("." not in attr for _key, attr, _step in self.steps)

    def load(self, record: dict) -> dict:
        """The loaded record; raises marshmallow's ValidationError as schema.load would."""
        if self.fast:
            try:
                return self._load_fields(record)
            except Exception:  # noqa: BLE001 - whatever the fast path refuses, schema.load decides
                pass
        return self.schema.load(record)

    def load_nested(self, value, _key, _record) -> dict:
        """load() as the converter of a Nested field."""
        return self.load(value)

    def _load_fields(self, record: dict) -> dict:
        out = {}
        get = record.get
        for key, attr, step in self.steps:
            value = step(get(key, missing), key, record)
            if value is not missing:
                out[attr] = value
        return self.schema.complete(out)


def _step(field: fields.Field) -> Step:
    """Field.deserialize for a present, non-null value: convert (Field._deserialize, the override point of
    every field class), then validate; missing and null values take the field's own path."""
    if getattr(field, "pre_load", None) or getattr(field, "post_load", None) or \
            type(field).deserialize is not fields.Field.deserialize:
        return field.deserialize
    validators = tuple(field.validators)
    convert = _converter(field)

    def load(value, key, record):
        if value is missing or value is None:
            return field.deserialize(value, key, record)
        output = convert(value, key, record)
        for check in validators:
            check(output)
        return output

    return load


def _converter(field: fields.Field) -> Step:
    """Field._deserialize, with lists and nested records loaded the same fast way item by item."""
    if type(field) is fields.List:
        inner = _step(field.inner)

        def items(value, key, record):
            if type(value) is not list:
                return field._deserialize(value, key, record)  # noqa: SLF001
            return [inner(each, key, record) for each in value]

        return items
    if type(field)._deserialize is fields.String._deserialize:  # Email and Url too: a str is returned as it is

        def text(value, key, record):
            return value if type(value) is str else field._deserialize(value, key, record)  # noqa: SLF001

        return text
    if type(field) is fields.Nested and not field.many and field.only is None and not field.exclude \
            and field.unknown is None and callable(getattr(field.schema, "complete", None)):
        return RecordLoader(field.schema).load_nested
    return field._deserialize  # noqa: SLF001 - the documented hook of custom fields
