"""Score and label: the text's verdict (opinion, mixed, none), the real neutral class and the rating rule."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze, sentiment_score
from insight_service.analysis.scoring import NEUTRAL_CAP, TEXT_WEIGHT, blend, is_mixed, label, text_score, verdict


def sentiment(text: str, **kwargs: object) -> tuple[float, str]:
    """(score, label) through the public API."""
    s = analyze(text, **kwargs).sentiment  # type: ignore[arg-type]
    return s.score, s.label


def test_mixed_review_with_four_stars_is_positive() -> None:
    """The issue's case: a mixed text is weighed by its rating, so 4 stars make it positive."""
    text = "Not bad at all, the sound is great but the battery could be better."
    score, lab = sentiment(text, rating=4)
    assert lab == "positive" and score > 0.2
    assert sentiment(text, rating=2)[1] == "negative"


def test_one_sided_text_outweighs_its_rating() -> None:
    """A clearly negative text stays negative under 4 stars (people click stars and describe a broken product)."""
    assert sentiment("Broke after a week, terrible quality, total waste of money", rating=4)[1] == "negative"
    assert sentiment("Na een week kapot, waardeloze kwaliteit", rating=4)[1] == "negative"


@pytest.mark.parametrize("rating, expected", [(5, "positive"), (3, "neutral"), (1, "negative")])
def test_rating_speaks_when_the_text_states_no_opinion(rating: int, expected: str) -> None:
    """A factual text leaves the verdict to the rating (weighted 1 - TEXT_WEIGHT['none'])."""
    assert sentiment("Bestelling 1234 is op dinsdag bezorgd", rating=rating)[1] == expected


@pytest.mark.parametrize(
    "text",
    [
        "The warranty is 90 days.",
        "Mijn bestelling is dinsdag verzonden met PostNL.",
        "Is this good for running?",
        "Is deze jas ook geschikt voor de winter?",
        "When will my order arrive?",
        "De laptop heeft 16 GB geheugen en een scherm van 14 inch.",
        "I ordered the blue one last week.",
        "Please send me the invoice for order 5521.",
        "Kunt u mij alstublieft terugbellen? Met vriendelijke groet, Sanne",
        "Kind regards, Tom",
    ],
)
def test_factual_texts_and_plain_questions_are_neutral(text: str) -> None:
    """No opinion evidence, weak evidence, a question without a clear opinion, politeness formulae: neutral."""
    assert sentiment(text)[1] == "neutral"


@pytest.mark.parametrize(
    "text, expected",
    [("Why is this so terrible?!", "negative"), ("Is this the best phone ever? Absolutely love it", "positive")],
)
def test_questions_with_a_clear_opinion_keep_it(text: str, expected: str) -> None:
    """An exclamation or strong words make a question an opinion."""
    assert sentiment(text)[1] == expected


def test_verdict_rules() -> None:
    """Weak sums are no opinion (negative a little sooner), questions need more, both sides make a mix."""
    assert verdict(0.9, False, False, [0.9]) == "none"
    assert verdict(-0.9, False, False, [-0.9]) == "opinion"
    assert verdict(1.2, True, False, [1.2]) == "none"
    assert verdict(1.2, True, True, [1.2]) == "opinion"
    assert verdict(-0.3, False, False, [-2.1, 1.8]) == "opinion"  # strong words on both sides: mixed, not none
    assert is_mixed([3.0, -2.0]) and not is_mixed([3.0, -0.5]) and not is_mixed([2.0])


def test_neutral_keeps_its_sign_inside_the_band() -> None:
    """A 'none' verdict is capped inside the neutral band, keeping the lean's sign for ranking."""
    assert 0 < text_score(0.9, "none") <= NEUTRAL_CAP < 0.05
    assert -NEUTRAL_CAP <= text_score(-0.5, "none") < 0
    assert text_score(0.0, "none") == 0.0
    assert label(text_score(0.9, "none")) == "neutral"


def test_blend_weights_follow_the_verdict() -> None:
    """Text weight 0.65 for an opinion, 0.35 for a mixed text, 0.25 for none; no rating leaves the text alone."""
    assert blend(0.4, None) == 0.4
    assert blend(0.4, 5, "opinion") == round(TEXT_WEIGHT["opinion"] * 0.4 + (1 - TEXT_WEIGHT["opinion"]), 4)
    assert blend(-0.2, 4, "mixed") == round(TEXT_WEIGHT["mixed"] * -0.2 + (1 - TEXT_WEIGHT["mixed"]) * 0.5, 4)
    assert blend(-0.2, 4, "opinion", [3.0, -4.0]) == blend(-0.2, 4, "mixed")
    assert blend(0.0, 5, "opinion") == 1 - TEXT_WEIGHT["none"]


def test_label_always_follows_the_score() -> None:
    """Every label is the documented threshold of its score, and the cheap path agrees with analyze()."""
    for text in ["The warranty is 90 days.", "ok", "Is it good?", "Great!", "niet slecht", "Waardeloos."]:
        s = analyze(text).sentiment
        assert s.label == label(s.score)
        assert sentiment_score(text) == s.score
