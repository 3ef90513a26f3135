"""Barometer emotion words in canonical form, with inflections and negation."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze


def words(text: str) -> dict[str, tuple[str, str, int]]:
    """Canonical word -> (category, polarity, count)."""
    return {e.word: (e.category, e.polarity, e.count) for e in analyze(text).emotions}


@pytest.mark.parametrize(
    "text, word, category",
    [
        ("Ik ben zo blij", "blij", "joy"),
        ("Een blije klant", "blij", "joy"),
        ("Fijne service", "fijn", "satisfaction"),
        ("We hebben genoten", "genieten", "joy"),
        ("Erg tevreden", "tevreden", "satisfaction"),
        ("Top!", "top", "satisfaction"),
        ("Wat een teleurstelling", "teleurstelling", "disappointment"),
        ("Ik ben teleurgesteld", "teleurstelling", "disappointment"),
        ("Scherm kapot", "kapot", "frustration"),
        ("Ik ben echt boos", "boos", "anger"),
        ("Slechte service", "slecht", "disappointment"),
        ("Waardeloos", "waardeloos", "frustration"),
        ("So happy with it", "happy", "joy"),
        ("I love it", "love", "love"),
        ("We enjoyed the food", "enjoy", "joy"),
        ("Very satisfied", "satisfied", "satisfaction"),
        ("Great stuff", "great", "satisfaction"),
        ("Really disappointed", "disappointed", "disappointment"),
        ("It arrived broken", "broken", "frustration"),
        ("I am angry", "angry", "anger"),
        ("Bad service", "bad", "disappointment"),
        ("Useless gadget", "useless", "frustration"),
    ],
)
def test_barometer_words(text: str, word: str, category: str) -> None:
    """Each barometer word is found in canonical form with its category."""
    assert words(text)[word][0] == category


def test_counts_and_negation() -> None:
    """Repeated words are counted; a negated word keeps its word but flips its polarity in context."""
    found = words("Blij, blij, blij! Maar niet blij met de bezorging.")
    assert found["blij"] == ("joy", "positive", 3)
    negative = [e for e in analyze("niet blij").emotions if e.word == "blij"]
    assert negative[0].polarity == "negative"
