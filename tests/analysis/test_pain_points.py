"""Pain points: every code, texts that must not produce one, local sentiment and spans."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze, taxonomy


def codes(text: str, language: str | None = None) -> set[str]:
    """Pain-point codes found in a text."""
    return {p.code for p in analyze(text, language=language).pain_points}


def test_cases_file_covers_every_code(pain_point_cases: list[dict]) -> None:
    """Each taxonomy code has positive cases in both languages and the file has texts that must stay clean."""
    for code in taxonomy().codes:
        for lang in ("nl", "en"):
            assert any(code in c["codes"] and c["lang"] == lang for c in pain_point_cases), (code, lang)
    assert sum(1 for c in pain_point_cases if not c["codes"]) >= 20


def test_cases_are_tagged_exactly(pain_point_cases: list[dict]) -> None:
    """Every hand-written case yields exactly its expected codes."""
    wrong = [
        (c["text"], sorted(c["codes"]), sorted(codes(c["text"], c["lang"])))
        for c in pain_point_cases
        if codes(c["text"], c["lang"]) != set(c["codes"])
    ]
    assert not wrong


@pytest.mark.parametrize(
    "text",
    [
        "Delivery was fast",
        "snel geleverd",
        "geen enkel probleem met de levering",
        "geen problemen met de batterij",
        "The battery is not broken at all",
        "Een stuk beter dan mijn vorige telefoon",
        "Ik heb een vraag over de levering",
    ],
)
def test_no_pain_point_without_negative_context(text: str) -> None:
    """A term in a positive or neutral clause is no pain point."""
    assert codes(text) == set()


@pytest.mark.parametrize(
    "text, code, cue",
    [
        ("Mooi toestel, maar de batterij is na een week kapot", "battery", "batterij"),
        ("Mooi toestel, maar na een week is hij kapot", "defect", "kapot"),
        ("The package never arrived", "delivery", "never arrived"),
        ("Klantenservice reageert niet", "customer_service", "Klantenservice"),
        ("De handleiding is onduidelijk", "usability", "handleiding"),
    ],
)
def test_spans_point_at_the_cue(text: str, code: str, cue: str) -> None:
    """text[start:end] shows the term that triggered the code."""
    hit = next(p for p in analyze(text).pain_points if p.code == code)
    assert cue.lower() in text[hit.start:hit.end].lower()
    assert hit.sentiment < 0


def test_rating_does_not_hide_a_pain_point() -> None:
    """A 4-star review that says the product broke still yields the pain point."""
    result = analyze("Fijne blender, maar na een maand ging hij kapot", rating=4)
    assert "defect" in {p.code for p in result.pain_points}


def test_local_sentiment_is_per_clause() -> None:
    """Praise of one aspect and a complaint about another are told apart."""
    assert codes("Snelle levering en de batterij is slecht") == {"battery"}
    assert codes("De levering was traag en de batterij is geweldig") == {"delivery"}


def test_negative_term_counts_in_a_neutral_text() -> None:
    """Words that are negative in themselves need no other negative context."""
    assert "defect" in codes("Scherm gebarsten en toestel defect")
    assert "delivery" in codes("Pakket nooit ontvangen")


def test_spans_stay_valid_with_unusual_characters() -> None:
    """Offsets remain correct when lower-casing would change the text length."""
    text = "İstanbul klant: de levering was waardeloos"
    hit = analyze(text).pain_points[0]
    assert "levering" in text[hit.start:hit.end]
