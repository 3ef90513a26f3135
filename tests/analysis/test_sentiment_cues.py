"""Sentiment: weak-cue tie-breaks, social-media conventions and further phrase-level constructions."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze, sentiment_score


def score(text: str, **kwargs: object) -> float:
    """Sentiment score of a text through the public API."""
    return analyze(text, **kwargs).sentiment.score  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    ["The manual was not in the box", "Ik kan de instellingen nergens vinden", "No manual in the box!"],
)
def test_negation_without_sentiment_words_leans_negative(text: str) -> None:
    """A negation is the only cue: the score leans negative but the label stays neutral."""
    result = analyze(text).sentiment
    assert result.score < 0 and result.label == "neutral"


def test_question_without_sentiment_words_leans_negative_less_than_negation() -> None:
    """A bare question leans negative, less than a negation; a plain statement stays exactly 0."""
    assert sentiment_score("Did anybody check the order before shipping?", language="en") < 0
    assert sentiment_score("Did anybody check the order before shipping?", language="en") > sentiment_score(
        "Nobody checked the order before shipping", language="en")
    assert sentiment_score("The order was shipped on Tuesday", language="en") == 0
