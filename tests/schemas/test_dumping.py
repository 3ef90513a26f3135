"""The compiled dump gives what marshmallow's gives, as JSON text, for every kind of field and value."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from marshmallow import Schema, fields, post_dump

from insight_service.schemas.dumping import compiled_dump
from insight_service.schemas.insights import InsightSchema


class Inner(Schema):
    """A nested shape."""

    n = fields.Integer()
    label = fields.String(allow_none=True)


class Everything(Schema):
    """Each field kind the service uses, and the ways a value can reach it."""

    s = fields.String()
    i = fields.Integer()
    f = fields.Float(allow_none=True)
    b = fields.Boolean()
    t = fields.DateTime()
    money = fields.Decimal(as_string=True, places=2)
    n_as_text = fields.Integer(as_string=True)
    tags = fields.List(fields.String())
    inner = fields.Nested(Inner, allow_none=True)
    inners = fields.List(fields.Nested(Inner))
    many = fields.Nested(Inner, many=True)
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    renamed = fields.String(data_key="shown_as")
    sourced = fields.Integer(attribute="elsewhere")
    dotted = fields.String(attribute="inner.label")
    defaulted = fields.String(dump_default="d")
    method = fields.Method("twice")

    def twice(self, obj):
        return 2 * (obj["i"] if isinstance(obj, dict) else obj.i)


class Hooked(Schema):
    """A schema with a hook: marshmallow's own dump is used."""

    x = fields.Integer()

    @post_dump
    def add(self, data, **_kwargs):
        return {**data, "hooked": True}


@dataclass
class Thing:
    """An object read by attribute."""

    s: object
    i: object
    f: object = None


FULL = {"s": "tekst", "i": 3, "f": 0.5, "b": True, "t": datetime(2026, 12, 5, 11, 0, tzinfo=timezone.utc),
        "money": Decimal("12.345"), "n_as_text": 7, "tags": ["a", "b"], "inner": {"n": 1, "label": "x"},
        "inners": [{"n": 2, "label": None}, {"n": 3}], "many": [{"n": 4, "label": "y"}], "counts": {"a": 1},
        "renamed": "r", "elsewhere": 9, "method": None}
ODD = {"s": b"bytes", "i": True, "f": 2, "b": 0, "t": None, "money": 5, "n_as_text": None, "tags": ("t",),
       "inner": None, "inners": [], "many": [], "counts": {}, "renamed": 5, "elsewhere": "8", "defaulted": None}


def same(schema: Schema, obj, many=None) -> None:
    expected = json.dumps(schema.dump(obj, many=many), default=str)
    assert json.dumps(compiled_dump(schema)(obj, many=many), default=str) == expected


@pytest.mark.parametrize("obj", [FULL, ODD, {"i": 1}, {"i": 1, "s": None, "f": float("inf")}])
def test_dicts_dump_alike_whatever_their_values(obj):
    same(Everything(), obj)


def test_objects_lists_and_hooks_dump_alike():
    same(Everything(only=("s", "i", "f", "method")), Thing("x", 4, 1))
    same(Everything(only=("s", "i")), [Thing("x", 4), {"s": "y", "i": 5}], many=True)
    same(Everything(many=True, only=("i",)), [{"i": 1}, {"i": 2}])
    same(Hooked(), {"x": 1})
    assert compiled_dump(Hooked())({"x": 1}) == {"x": 1, "hooked": True}


class Tree(Schema):
    """A schema nested in itself."""

    name = fields.String()
    children = fields.List(fields.Nested(lambda: Tree()))


def test_a_schema_nested_in_itself_dumps_alike():
    same(Tree(), {"name": "a", "children": [{"name": "b", "children": [{"name": "c", "children": []}]}]})


def test_a_schema_is_compiled_once():
    schema = Everything()
    assert compiled_dump(schema) is compiled_dump(schema)


def test_the_api_checks_the_compiled_dump_against_marshmallows_in_testing(app, client, auth, monkeypatch):
    from insight_service.api import routing

    headers = auth("admin")
    assert client.get("/api/v1/keys", headers=headers).status_code == 200
    monkeypatch.setattr(routing, "compiled_dump", lambda schema: lambda result: {"wrong": True})
    assert client.get("/api/v1/keys", headers=headers).status_code == 500  # any API test would fail


def test_the_insight_schema_is_compiled_field_by_field():
    dump = compiled_dump(InsightSchema())
    assert dump is not InsightSchema().dump and dump.__name__ == "dump"
