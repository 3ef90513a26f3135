"""Language detection: offline, nl/en/und, the source language only a hint."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Ik heb het gisteren besteld en het is nog niet binnen", "nl"),
        ("De bediening was vriendelijk maar het eten was koud", "nl"),
        ("I ordered it yesterday and it has not arrived yet", "en"),
        ("The staff were friendly but the food was cold", "en"),
    ],
)
def test_detects_dutch_and_english(text: str, lang: str) -> None:
    """Ordinary sentences are recognised."""
    assert analyze(text).language == lang


def test_hint_does_not_override_clear_evidence() -> None:
    """A wrong source language does not win against the text itself."""
    assert analyze("Ik ben erg tevreden over de levering en de kwaliteit", language="en").language == "nl"
    assert analyze("I am very happy with the delivery and the quality", language="nl").language == "en"


def test_hint_settles_short_text() -> None:
    """Too little evidence: the hint decides, without a hint the result is "und"."""
    assert analyze("Top!", language="nl").language == "nl"
    assert analyze("Top!").language == "und"
    assert analyze("12345").language == "und"


def test_mixed_language_picks_the_majority() -> None:
    """Code-switched text gets the language of most of its words and never raises."""
    result = analyze("Super product, maar de levering was echt veel te laat en niemand reageerde")
    assert result.language == "nl"
    assert result.sentiment.score < 0
