"""Lone surrogates: found in keys and values with their dotted paths, and replaced for a storable copy."""
from insight_service.schemas.surrogates import ESCAPE, has_surrogate, replace_surrogates, surrogate_fields


def test_paths_of_keys_and_values_holding_a_lone_surrogate():
    body = {"records": [{"text": "ok"}, {"author": {"email": "a\ud800"}}], "k\udfff": 1, "pair": "😀"}
    assert has_surrogate(body) and not has_surrogate({"pair": "😀", "n": [1, "x"]})
    assert surrogate_fields(body) == ["k\udfff", "records.1.author.email"]
    assert replace_surrogates("a\ud800b\udc00") == "a\ufffdb\ufffd"


def test_the_escape_check_finds_lone_and_paired_escapes_only_in_the_surrogate_range():
    assert ESCAPE.search(rb'{"a": "\ud800"}') and ESCAPE.search(rb'{"a": "\uDFFF"}')
    assert not ESCAPE.search(rb'{"a": "\u00e9 \u0d80"}')
