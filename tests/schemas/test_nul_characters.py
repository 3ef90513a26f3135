"""Finding NUL characters in decoded JSON, with the paths of the fields that hold them."""
from insight_service.schemas.nul_characters import has_nul, nul_fields


def test_found_in_values_keys_lists_and_nesting_with_their_paths():
    value = {"a": "ok", "b": ["x", "y\x00"], "c": {"d\x00": 1, "e": {"f": "\x00"}}, "g": 3}
    assert has_nul(value)
    assert sorted(nul_fields(value)) == ["b.1", "c.d\x00", "c.e.f"]
    assert nul_fields("\x00") == ["body"]


def test_clean_values_have_none():
    value = {"a": "ok", "b": ["x", 1, None, 2.5, True], "c": {"d": {"e": "f"}}}
    assert not has_nul(value) and nul_fields(value) == []
