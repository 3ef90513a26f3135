"""Sentiment: negation scope, comparisons, wishes and idioms added in analyzer 1.2, with texts that must not change."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze, sentiment_score
from insight_service.analysis.lexicon import rules
from insight_service.analysis.morphology import comparative_bases
from insight_service.analysis.tokens import repair_apostrophes
from insight_service.analysis.wordinfo import NEUTRAL, resolve

# a text without evidence keeps only a tie-break lean (sentiment.PLAIN_LEAN / NARRATIVE_LEAN, normalised)
NO_EVIDENCE = 0.02


def score(text: str, language: str | None = None) -> float:
    """Sentiment score of a text through the public API."""
    return analyze(text, language=language).sentiment.score


def test_opinion_lexicon_fills_english_gaps_only() -> None:
    """Hu & Liu's words count where no graded lexicon knows them, never in Dutch, never for topic senses."""
    assert "cumbersome" not in rules()["en"].valence
    assert score("The controls are cumbersome", "en") < 0
    assert score("It has a sleek design", "en") > 0
    assert resolve("cumbersome", "nl") == NEUTRAL  # not lent to Dutch as a loanword
    assert sentiment_score("Loved the plot", language="en") == sentiment_score("Loved the story", language="en")
    assert score("No plot whatsoever!", "en") <= 0  # "plot" is a film's story here, not a scheme


@pytest.mark.parametrize(
    "text, sign",
    [("Not without charm", 1), ("The film is not lacking in humour", 1), ("Not without problems", -1),
     ("Het boek is niet zonder humor", 1), ("Niet zonder problemen", -1)],
)
def test_negated_absence_cancels(text: str, sign: int) -> None:
    """"not without", "never lacking", "niet zonder": two negations leave the word's own polarity."""
    assert score(text) * sign > 0


def test_plain_absence_still_negates() -> None:
    """Without a negator in front, "without"/"zonder" keep negating."""
    assert score("Without charm", "en") < 0
    assert score("Zonder problemen", "nl") > 0


@pytest.mark.parametrize(
    "text", ["There's barely a boring moment in the film", "We had hardly any problems", "It has hardly any flaws",
             "Er was nauwelijks een saai moment"],
)
def test_barely_a_negates_fully(text: str) -> None:
    """"barely a", "hardly any", "nauwelijks een" = "almost no": they turn negative words too."""
    assert score(text) > 0


def test_comparison_complement_counts_less() -> None:
    """What follows "than" is the standard of comparison, not what is judged."""
    assert score("A world better than the garbage in theatres today", "en") > 0
    assert score("You can find a much better player than this", "en") < 0  # unchanged: praise of another product
    assert score("It is more than worth it", "en") > 0  # "more than" intensifies
    assert score("Unlike the awful old model, it is easy to hold", "en") > 0
    assert score("Unlike my old phone this one works great", "en") > 0.5  # only a short complement is damped
    assert abs(score("Unlike", "en")) < NO_EVIDENCE  # a preposition, not "un-" + "like"


def test_wh_clause_ends_negation_scope() -> None:
    """"don't understand how this garbage ...": the negation does not reach into the wh-clause."""
    assert score("I don't understand how this garbage got on the shelves", "en") < 0
    assert score("We could not believe how dirty the oysters were!", "en") < 0
    assert score("Ik snap niet hoe dit slechte product verkocht wordt", "nl") < 0
    # a negation raised by an opinion verb still reaches into it
    assert score("I really don't see how anyone could enjoy this movie", "en") < 0


def test_negated_function_verbs_and_clause_wide_negation() -> None:
    """"no longer worked" is a complaint even though "worked" is mildly positive; "none" is never used up."""
    assert score("The video output no longer worked", "en") < -0.3
    assert score("None of the new ones have ever worked properly", "en") < -0.3
    assert score("It works properly", "en") > 0


def test_near_neutral_word_passes_negation_on() -> None:
    """"doesn't leave me with a good feeling": the negation skips the near-neutral verb and reaches "good"."""
    assert score("That doesn't leave me with a good feeling", "en") < 0


@pytest.mark.parametrize(
    "text", ["I wish it had a better screen", "It would be nice if the screen were brighter",
             "Het zou fijn zijn als de levering sneller was"],
)
def test_wishes_are_shortcomings(text: str) -> None:
    """A wish ("I wish it had", "zou fijn zijn als") states what is missing."""
    assert score(text) < 0


def test_wishing_someone_well_is_not_a_shortcoming() -> None:
    """"I wish you a happy new year" is no counterfactual."""
    assert score("I wish you a happy new year", "en") > 0


@pytest.mark.parametrize(
    "text", ["It should be faster", "The manual could be clearer", "It should feel more durable",
             "However I needed some better instructions", "De bediening mag wel wat sneller",
             "De bediening kon professioneler"],
)
def test_wished_for_comparative_is_negative(text: str) -> None:
    """A modal of need or possibility before a comparative asks for more than there is."""
    assert score(text) < 0


@pytest.mark.parametrize(
    "text", ["I could hear better than with my old one", "This could be the best phone ever", "It could not be better",
             "Het kan niet beter", "Het eten was beter dan verwacht"],
)
def test_comparatives_that_stay_positive(text: str) -> None:
    """Ability ("could hear better"), superlatives and negated wishes are no complaints."""
    assert score(text) > 0


def test_comparative_bases() -> None:
    """Comparatives map to their base adjective in both languages."""
    assert "fast" in comparative_bases("faster", "en")
    assert "easy" in comparative_bases("easier", "en")
    assert "big" in comparative_bases("bigger", "en")
    assert "snel" in comparative_bases("sneller", "nl")
    assert "duur" in comparative_bases("duurder", "nl")
    assert comparative_bases("fast", "en") == []


def test_phrases_match_regular_inflections() -> None:
    """"send it back" also covers "sending it back"; "love it" covers "loving it"."""
    assert score("Sending it back", "en") < 0
    assert score("I'm loving it", "en") > 0
    assert sentiment_score("Sending it back", language="en") == sentiment_score("Send it back", language="en")


def test_lost_apostrophes_are_repaired() -> None:
    """"don?t" from a broken encoding reads as "don't", keeping offsets; a real question mark stays."""
    assert repair_apostrophes("don?t worry, it?s fine") == "don't worry, it's fine"
    assert repair_apostrophes("is it good? sure") == "is it good? sure"
    assert score("Don?t worry, it?s fine", "en") == score("Don't worry, it's fine", "en")


@pytest.mark.parametrize(
    "text, sign",
    [("I couldn't ask for more", 1), ("I was out of luck", -1), ("Who cares", -1), ("Last night was a blast", 1),
     ("Buyer be careful", -1), ("I'll be looking for a new charger", -1), ("The delivery was on time", 1),
     ("It does everything I need", 1), ("The delivery was not on time", -1)],
)
def test_review_idioms(text: str, sign: int) -> None:
    """Common idioms of reviews and posts read as wholes."""
    assert score(text, "en") * sign > 0


def test_a_few_is_no_complaint() -> None:
    """"a few" means "some"; "few" alone still means "not many"."""
    assert abs(sentiment_score("I have used it a few times", language="en")) < NO_EVIDENCE


def test_short_opening_verdict_weighs_double() -> None:
    """A review's title or opening verdict ("Tegenvaller.", "Disappointing.") outweighs milder praise after it."""
    body = "Het boek begint sterk en de eerste hoofdstukken lezen lekker weg, daarna zakt het in."
    assert score(body, "nl") > 0
    assert score("Tegenvaller. " + body, "nl") < 0
    assert score("Disappointing. The first chapters read well and the cover is lovely, but then it drags.", "en") < 0
    # not a title: a short text, or a long first sentence, keeps plain weights
    assert score("Tegenvaller. Toch leuk.", "nl") == score("Toch leuk. Tegenvaller.", "nl")
