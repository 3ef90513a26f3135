"""Sentiment: cues that state no opinion (hedging 'like', report style) and general Dutch review vocabulary."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze


def label(text: str, language: str) -> str:
    """Sentiment label of a text through the public API."""
    return analyze(text, language=language).sentiment.label


@pytest.mark.parametrize(
    "text",
    ["It looks like rain on Monday", "Sounds like the shop opens at nine", "He was like, see you tomorrow",
     "Things like cables come in the second box"],
)
def test_like_as_preposition_or_quote_judges_nothing(text: str) -> None:
    """'looks like', 'was like', 'things like' compare or quote: no opinion without other evidence."""
    assert label(text, "en") == "neutral"


@pytest.mark.parametrize("text", ["I like this phone", "We really like the new app", "Looks like a great phone"])
def test_like_as_verb_and_the_word_after_it_still_count(text: str) -> None:
    """The verb 'like' keeps its valence; a hedging 'like' leaves the words after it to speak."""
    assert label(text, "en") == "positive"
