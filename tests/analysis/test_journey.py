"""Customer-journey signals: think, do, care, advocacy, in Dutch and English."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze


def stages(text: str) -> set[str]:
    """Journey stages signalled by a text."""
    return {s.stage for s in analyze(text).journey_signals}


@pytest.mark.parametrize(
    "text, stage",
    [
        ("Is deze stofzuiger geschikt voor huisdierharen?", "think"),
        ("Ik twijfel tussen deze twee modellen", "think"),
        ("Thinking of buying this, does it work with Android?", "think"),
        ("Gisteren besteld via de webshop", "do"),
        ("Just bought my second pair", "do"),
        ("Ik wacht al twee weken op een reactie van de klantenservice", "care"),
        ("Please help, I need a refund", "care"),
        ("Echt een aanrader!", "advocacy"),
        ("Highly recommend this shop", "advocacy"),
    ],
)
def test_stage_cues(text: str, stage: str) -> None:
    """Cues in both languages map to their stage."""
    assert stage in stages(text)


def test_negated_recommendation_is_not_advocacy() -> None:
    """"geen aanrader", "would not recommend" are not advocacy."""
    assert "advocacy" not in stages("Geen aanrader")
    assert "advocacy" not in stages("I would not recommend it")


def test_contextual_cues_need_context() -> None:
    """A bare "help" in praise is no support request; a product question without "?" is no think signal."""
    assert "care" not in stages("The staff helped me a lot, great service")
    assert "think" not in stages("Het is een goede stofzuiger")


def test_signal_spans_match_cues() -> None:
    """text[start:end] is the cue, in text order."""
    text = "Besteld op maandag. Absolute aanrader!"
    for signal in analyze(text).journey_signals:
        assert text[signal.start:signal.end].lower() == signal.cue
    assert [s.stage for s in analyze(text).journey_signals] == ["do", "advocacy"]
