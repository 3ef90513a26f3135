"""Sentiment: weak-cue tie-breaks, social-media conventions and further phrase-level constructions."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze, sentiment_score

# a text without evidence keeps only a tie-break lean (sentiment.PLAIN_LEAN / NARRATIVE_LEAN, normalised)
NO_EVIDENCE = 0.02


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
    assert abs(sentiment_score("The order was shipped on Tuesday", language="en")) < NO_EVIDENCE


def test_mentions_and_links_carry_no_sentiment() -> None:
    """Words inside @handles and URLs are not read; offsets of what remains stay valid."""
    assert score("@happy_helper thanks for the update") == score("@someone thanks for the update")
    assert abs(sentiment_score("see https://example.com/awful-terrible-news", language="en")) < NO_EVIDENCE
    a = analyze("@best_shop the charger broke after two days", language="en")
    assert a.sentiment.score < 0
    assert all(0 <= p.start < p.end <= len("@best_shop the charger broke after two days") for p in a.pain_points)
    assert score("Mail me at info@example.com, great service") > 0  # an address is no handle


@pytest.mark.parametrize(
    "text, sign",
    [("Waited all week for this #NotImpressed", -1), ("Weekend at the lake #sohappy", 1),
     ("My order got lost again #epicfail", -1), ("Dinner with the family #lovethis", 1)],
)
def test_hashtags_are_split_into_words(text: str, sign: int) -> None:
    """CamelCase and run-together hashtags are read as their words, negation included."""
    assert score(text, language="en") * sign > 0


def test_hashtag_split_needs_most_letters_explained() -> None:
    """A hashtag that is mostly an unknown name, or only hides a short word in a longer one, adds nothing."""
    from insight_service.analysis.social import segment

    assert segment("notimpressed", "en") == ["not", "impressed"]
    assert segment("TicketsAreFree", "en") == ["tickets", "are", "free"]
    assert segment("classact", "en") == []
    assert abs(sentiment_score("Saturday night #zwxqkfun", language="en")) < NO_EVIDENCE


def test_sarcasm_hashtag_turns_praise() -> None:
    """#sarcasm, #not: the positive words of the post mean the opposite."""
    assert score("Great, stuck in traffic for two hours. Love it #sarcasm", language="en") < 0
    assert score("Best customer service ever #not", language="en") < 0
    assert score("Best customer service ever", language="en") > 0


def test_words_in_capitalised_names_count_less() -> None:
    """"Dark Souls", "Star Wars" mid-sentence are titles, not judgements; ordinary capitals are unaffected."""
    assert score("Tonight I finally play Dark Souls with my brother", language="en") > score(
        "Tonight I finally play dark souls with my brother", language="en")
    assert score("Good food. Great service") > 0.5  # sentence-initial capitals are no names
    assert score("Great Product Works Well") > 0.5  # headline style: capitals carry nothing


def test_negation_covers_a_disjunction() -> None:
    """"not funny or clever", "niet leuk of spannend": both words are negated."""
    assert score("The jokes were not funny or clever", language="en") < score(
        "The jokes were not funny", language="en")
    assert score("Het verhaal was niet leuk of spannend", language="nl") < score(
        "Het verhaal was niet leuk", language="nl")


def test_near_neutral_word_does_not_use_up_a_negation() -> None:
    """A negation passes a near-neutral word on to the sentiment word behind it."""
    assert score("It doesn't leave a good impression", language="en") < 0


@pytest.mark.parametrize(
    "text, sign",
    [("I'd give it 9 out of 10", 1), ("2 out of 10 stars", -1), ("Ik geef het 4 op de 5", 1)],
)
def test_spelled_out_ratings(text: str, sign: int) -> None:
    """"9 out of 10", "4 op de 5" count like "9/10"; "3 out of 10 people" is no rating."""
    assert score(text) * sign > 0
    assert abs(sentiment_score("3 out of 10 people walked", language="en")) < NO_EVIDENCE


def test_nothing_short_of_intensifies() -> None:
    """"nothing short of" is emphasis, not a negation."""
    assert score("The view was nothing short of spectacular", language="en") > score(
        "The view was spectacular", language="en") > 0


def test_unexpected_praise_and_could_have_done_better() -> None:
    """"did not expect it to be so good" is a pleasant surprise; "could have done better" is criticism."""
    assert score("I did not expect the sequel to be this good", language="en") > 0
    assert score("Honestly they could have done better", language="en") < 0
    assert score("I would have preferred a warmer welcome", language="en") < 0


@pytest.mark.parametrize("word, sign", [("lol", 1), ("meh", -1), ("gutted", -1), ("chuffed", 1), ("yikes", -1)])
def test_social_slang(word: str, sign: int) -> None:
    """Common slang carries its usual polarity; laughter markers are only mildly positive."""
    assert sentiment_score(f"the delivery today {word}", language="en") * sign > 0
    assert sentiment_score("the delivery today lol", language="en") < sentiment_score(
        "the delivery today great", language="en")
