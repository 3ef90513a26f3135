"""Vocabulary and idioms added in analyzer 2.0.0: review words, misread function words, "least", "used to be"."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze


def label(text: str, language: str) -> str:
    """Sentiment label through the public API."""
    return analyze(text, language=language).sentiment.label


@pytest.mark.parametrize(
    "text, language, expected",
    [
        ("Het enige nadeel is de korte kabel.", "nl", "negative"),
        ("Groot voordeel van dit model is de accu.", "nl", "positive"),
        ("Een aandachtspunt is de wachttijd aan de telefoon.", "nl", "negative"),
        ("Het vlees was verbrand.", "nl", "negative"),
        ("Het pakket liet niet lang op zich wachten.", "nl", "positive"),
        ("De porties zijn té klein.", "nl", "negative"),
        ("Uitstekend en met mate geprijsd.", "nl", "positive"),  # "met mate" is "moderately", not "mat" (dull)
        ("De monteur heeft alles uitgelegd.", "nl", "neutral"),
        ("This is the least useful manual I have read.", "en", "negative"),
        ("At least it arrived on time.", "en", "positive"),
        ("It used to be great.", "en", "negative"),
        ("I may or may not be the happiest customer ever.", "en", "positive"),  # no negation in the idiom
    ],
)
def test_added_vocabulary(text: str, language: str, expected: str) -> None:
    """Each added word or idiom gives the label a customer would expect."""
    assert label(text, language) == expected


def test_maar_liefst_is_emphasis_not_praise() -> None:
    """"maar liefst 8 euro" stresses an amount ("no less than"); it praises nothing."""
    assert label("Het kostte maar liefst 8 euro.", "nl") != "positive"
