"""RecordLoader and SiteCachedURL give exactly what marshmallow gives: same records, same errors."""
from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError, validate

from insight_service.schemas.records import RECORD_LOADERS, RECORD_SCHEMAS, SiteCachedURL
from tests.records import granted, make_customer, make_feedback, make_purchase

VALID = {"customer": make_customer(consents=[granted()], handles={"twitter": "@Klant"}),
         "purchase": make_purchase(), "feedback": make_feedback(url="https://www.trustpilot.com/reviews/1")}
MISSING = object()
SPECIAL = [MISSING, None, True, False, 0, 1, 3, -1, 2 ** 53 - 1, 2 ** 53, 2 ** 64, 4.5, 0.5, 5.0000001,
           float("nan"), float("inf"), float("-inf"), "", " ", "  x  ", "x" * 65, "x" * 129, "x" * 20_001, "review",
           "third", "first", "4", "4.5", "1e400", "nan", "EUR", "eur", "2026-03-05T10:00:00", "2026-03-05 10:00+02:00",
           "not a date", "a@b.nl", "not-an-email", "https://x.nl/p", "https://x.nl/a b", "http://localhost:8080/",
           "ftp:/x", b"bytes", [], [1], ["x"], {}, {"email": "a@b.nl"}, {"name": 3}, {"twitter": "x" * 201},
           [None], [{}], [granted(), granted("marketing", valid_from="2026-02-01T00:00:00")], [granted(status="maybe")],
           [granted(recorded_at="yesterday")], [granted(), "granted"], [granted(extra="ignored", source="x" * 65)]]
ODD_VALUES = st.one_of(st.sampled_from(SPECIAL), st.text(max_size=5), st.floats(), st.integers())


def _outcome(load, record):
    try:
        return "ok", load(record)
    except ValidationError as exc:
        return "error", exc.messages


def _same(a, b) -> bool:
    """Equal outcomes, NaN equal to NaN."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _with(record: dict, name: str, value) -> dict:
    changed = dict(record)
    if value is MISSING:
        changed.pop(name, None)
    else:
        changed[name] = value
    return changed


@pytest.mark.parametrize("kind", sorted(VALID))
def test_every_field_with_every_special_value_loads_alike(kind):
    """Each field holding each odd value (or missing): loader and schema agree on the record or the errors."""
    schema, loader = RECORD_SCHEMAS[kind], RECORD_LOADERS[kind]
    assert loader.load(dict(VALID[kind])) == schema.load(dict(VALID[kind]))
    for name, value in itertools.product(sorted(schema.load_fields), SPECIAL):
        record = _with(VALID[kind], name, value)
        assert _same(_outcome(loader.load, dict(record)), _outcome(schema.load, dict(record))), (name, value)


@pytest.mark.parametrize("kind", sorted(VALID))
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_odd_records_load_alike(kind, data):
    """Several fields odd at once: still the same record or the same errors."""
    record = dict(VALID[kind])
    for name in data.draw(st.lists(st.sampled_from(sorted(RECORD_SCHEMAS[kind].load_fields)), max_size=4)):
        record = _with(record, name, data.draw(ODD_VALUES))
    assert _same(_outcome(RECORD_LOADERS[kind].load, dict(record)), _outcome(RECORD_SCHEMAS[kind].load, dict(record)))


def test_site_cached_url_agrees_with_marshmallow():
    """Same verdict as marshmallow's URL validator for every combination of parts, on first and later sight."""
    cached = SiteCachedURL()
    parts = (["http", "HTTPS", "ftp", "file", "mailto", "", "ht tp"], ["://", ":/"], ["", "user@", "a b@"],
             ["www.trustpilot.com", "localhost", "127.0.0.1", "[::1]", "bücher.de", "-bad.com", "a..b", "nodot", ""],
             ["", ":8080", ":x"],
             ["", "/", "/reviews/1", "?q=1", "#top", "/a b", "/\u00e9", "//", "x", "/a\n", " ", "/\t"])
    for combination in itertools.product(*parts):
        url = "".join(combination)
        plain = _outcome(validate.URL(), url)
        assert _outcome(cached, url) == plain, url
        assert _outcome(cached, url) == plain, url
