"""Finding NUL characters in decoded JSON, and the copy that shows them."""
from insight_service.schemas.nul_characters import has_nul, nul_fields, without_nul


def test_found_in_values_keys_lists_and_nesting_with_their_paths():
    value = {"a": "ok", "b": ["x", "y\x00"], "c": {"d\x00": 1, "e": {"f": "\x00"}}, "g": 3}
    assert has_nul(value)
    assert sorted(nul_fields(value)) == ["b.1", "c.d\x00", "c.e.f"]
    assert nul_fields("\x00") == ["body"]


def test_clean_values_have_none():
    value = {"a": "ok", "b": ["x", 1, None, 2.5, True], "c": {"d": {"e": "f"}}}
    assert not has_nul(value) and nul_fields(value) == []
    assert without_nul(value) == value


def test_the_copy_shows_each_nul_as_the_replacement_character():
    assert without_nul({"k\x00": ["a\x00b", 1], "n": None}) == {"k\ufffd": ["a\ufffdb", 1], "n": None}
