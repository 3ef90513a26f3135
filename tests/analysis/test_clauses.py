"""The clause around a span: sentence ends, line breaks, contrast words in both languages, trimming, the cap."""
from __future__ import annotations

import pytest

from insight_service.analysis import analyze
from insight_service.analysis.clauses import MAX_CLAUSE, clause_bounds, split_clauses


def clause(text: str, word: str, max_chars: int = MAX_CLAUSE) -> str:
    """The clause around the first occurrence of word."""
    at = text.index(word)
    start, end = clause_bounds(text, at, at + len(word), max_chars)
    assert start <= at and at + len(word) <= end, "the span stays inside its clause"
    return text[start:end]


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("Not bad at all, the sound is great but the battery could be better.", "battery", "the battery could be better"),
    ("Not bad at all, the sound is great but the battery could be better.", "sound", "Not bad at all, the sound is great"),
    ("Mooi toestel, maar de batterij is na een week kapot", "batterij", "de batterij is na een week kapot"),
    ("High price tag, however", "price", "High price tag"),
    ("Nice screen. However, the hinge snaps after a month!", "hinge", "the hinge snaps after a month"),
    ("Goed scherm, alleen de accu houdt het maar een dag vol. Verder prima!", "accu", "de accu houdt het maar een dag vol"),
    ("Het scherm is mooi, echter de accu is slecht", "accu", "de accu is slecht"),
    ("Ik woon alleen en de accu is slecht", "accu", "Ik woon alleen en de accu is slecht"),
    ("Great laptop\nThe lid scratches easily; sad", "lid", "The lid scratches easily"),
    ("Fast delivery - the box was crushed", "box", "the box was crushed"),
    ("Version 4.5 of the app logs me out", "app", "Version 4.5 of the app logs me out"),
    ("Although the price is fine, support never answered.", "support", "support never answered"),
    ("Hoewel de prijs goed is, reageert de klantenservice niet.", "prijs", "de prijs goed is"),
])
def test_clause_ends_at_punctuation_breaks_and_contrast(text, word, expected):
    assert clause(text, word) == expected


def test_long_clause_is_capped_around_the_span_at_word_boundaries():
    text = " ".join(["word"] * 200) + " battery " + " ".join(["more"] * 200)
    quote = clause(text, "battery", max_chars=80)
    assert len(quote) <= 80 and "battery" in quote
    assert not quote.startswith("ord") and not quote.endswith("mor")


def test_span_longer_than_the_cap_is_kept_whole():
    text = "a " + "x" * 300 + " b"
    assert clause(text, "x" * 300, max_chars=50) == "x" * 300


@pytest.mark.parametrize(("text", "start", "end"), [("", 0, 0), ("abc", 5, 9), ("abc", -3, 1), ("abc", 2, 1)])
def test_odd_bounds_never_raise(text, start, end):
    a, b = clause_bounds(text, start, end)
    assert 0 <= a <= b <= len(text)


def test_split_clauses_in_order():
    text = "Great laptop. However, the hinge snaps! And - the lid scratches"
    assert [text[a:b] for a, b in split_clauses(text)] == ["Great laptop", "the hinge snaps", "And",
                                                          "the lid scratches"]


def test_analysis_returns_each_pain_points_clause():
    text = "Not bad at all, the sound is great but the battery drains fast."
    hits = {p.code: p for p in analyze(text, language="en").pain_points}
    battery = hits["battery"]
    assert text[battery.clause_start:battery.clause_end] == "the battery drains fast"
    assert analyze(text).to_dict()["pain_points"][0]["clause_end"] == battery.clause_end
