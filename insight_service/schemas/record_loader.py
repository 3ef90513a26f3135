"""Loading records with their marshmallow schema at batch speed: the same fields and validators, less machinery.

Schema.load spends about two thirds of its time in per-record and per-field bookkeeping (error stores, hooks,
validator chains built per call); a feedback batch pays it 1,000 times. RecordLoader calls the schema's own
fields and validators directly and, for plain strings and numbers, skips only the type conversion that is an
identity for them. Anything it does not accept (every error, and any value of an unusual type) goes through
schema.load itself, so error messages and edge cases stay marshmallow's. Schemas used here keep their
cross-field logic in RecordSchema.complete (which both paths run), not in other hooks.
"""
from __future__ import annotations

import math
from collections.abc import Callable

from marshmallow import EXCLUDE, Schema, ValidationError, fields, missing

Step = Callable[[object, str, dict], object]
SAFE_INT = 2 ** 53  # ints up to here convert to float exactly (larger ones: marshmallow decides)


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

    def _load_fields(self, record: dict) -> dict:
        out = {}
        get = record.get
        for key, attr, step in self.steps:
            value = step(get(key, missing), key, record)
            if value is not missing:
                out[attr] = value
        return self.schema.complete(out)


def _step(field: fields.Field) -> Step:
    """How to load one field: inline for plain strings and numbers, the field's own deserialize otherwise."""
    if getattr(field, "pre_load", None) or getattr(field, "post_load", None) or \
            type(field).deserialize is not fields.Field.deserialize:
        return field.deserialize
    validators = tuple(field.validators)
    if isinstance(field, fields.String) and type(field)._deserialize is fields.String._deserialize:
        def string(value, key, record):
            if type(value) is not str:
                return field.deserialize(value, key, record)
            for check in validators:
                check(value)
            return value
        return string
    if type(field) is fields.Float:
        def number(value, key, record):
            if type(value) is float or (type(value) is int and -SAFE_INT < value < SAFE_INT):
                value = float(value)
                if not (field.allow_nan or math.isfinite(value)):
                    raise ValidationError("not finite")  # schema.load gives the real message
                for check in validators:
                    check(value)
                return value
            return field.deserialize(value, key, record)
        return number
    if type(field) is fields.Integer:
        def integer(value, key, record):
            if type(value) is not int:
                return field.deserialize(value, key, record)
            for check in validators:
                check(value)
            return value
        return integer
    return field.deserialize
