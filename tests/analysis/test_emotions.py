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
    """Repeated words are counted; a negated word is not counted at all (it expresses no such emotion)."""
    found = words("Blij, blij, blij! Maar niet blij met de bezorging.")
    assert found["blij"] == ("joy", "positive", 3)
    assert analyze("niet blij").emotions == ()


@pytest.mark.parametrize(
    "text, absent, present",
    [
        ("Not bad at all, the sound is great.", "bad", "great"),
        ("Ik ben er niet blij mee.", "blij", None),
        ("Never disappointed by this brand.", "disappointed", None),
        ("Het is helemaal niet kapot gegaan.", "kapot", None),
        ("Maak je geen zorgen, ik ben blij.", "bezorgd", "blij"),
        ("It could have been great.", "great", None),
    ],
)
def test_negated_or_counterfactual_words_are_not_counted(text: str, absent: str, present: str | None) -> None:
    """Negation (phrase, scored word or an unscored word in scope) and counterfactuals keep a word out."""
    found = words(text)
    assert absent not in found
    if present:
        assert found[present][1] == "positive"
