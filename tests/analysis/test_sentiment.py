"""Sentiment: polarity in both languages, negation, intensity, contrast, emoji, capitals and ratings."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze, sentiment_score

# a text without evidence keeps only a tie-break lean (sentiment.PLAIN_LEAN / NARRATIVE_LEAN, normalised)
NO_EVIDENCE = 0.02


def score(text: str, **kwargs: object) -> float:
    """Sentiment score of a text through the public API."""
    return analyze(text, **kwargs).sentiment.score  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text, sign",
    [
        ("Ik ben heel blij met deze stofzuiger", 1),
        ("Wat een teleurstelling, waardeloos product", -1),
        ("Heerlijk gegeten en vriendelijke bediening", 1),
        ("Het eten was koud en smakeloos", -1),
        ("I love this phone, works great", 1),
        ("Terrible quality, very disappointed", -1),
        ("Absolute aanrader!", 1),
        ("Nooit meer bestellen hier", -1),
    ],
)
def test_polarity_in_both_languages(text: str, sign: int) -> None:
    """Plain positive and negative texts get the right sign in Dutch and English."""
    assert score(text) * sign > 0.2


@pytest.mark.parametrize(
    "negated, plain",
    [("niet blij", "blij"), ("not happy", "happy"), ("niet goed", "goed"), ("not good at all", "good")],
)
def test_negation_flips_positive(negated: str, plain: str) -> None:
    """A negated positive word is negative."""
    assert score(plain) > 0 > score(negated)


@pytest.mark.parametrize(
    "text", ["geen enkel probleem", "no problems at all", "niets mis mee", "not bad", "zonder problemen geleverd"]
)
def test_negated_negative_is_positive(text: str) -> None:
    """Negating a problem word makes the text positive."""
    assert score(text) > 0


def test_negation_scope_ends_at_clause() -> None:
    """Negation does not reach past a comma into the next clause."""
    assert score("niet duur, prima kwaliteit") > 0
    assert score("The screen is not great, but the battery is excellent") > 0


def test_dutch_post_verbal_negation() -> None:
    """Dutch negates a verb after it: "werkt niet", "laadt niet op"."""
    assert score("De lader werkt niet") < 0
    assert score("Het apparaat laadt niet op") < 0


def test_intensifiers_and_downtoners() -> None:
    """Intensifiers strengthen and downtoners weaken the next sentiment word."""
    assert score("heel erg blij") > score("blij") > 0
    assert score("extremely good") > score("good")
    assert 0 > score("a bit slow") > score("slow")
    assert 0 < score("een beetje leuk") < score("leuk")


@pytest.mark.parametrize(
    "text",
    [
        "Mooi toestel, maar de batterij is na een week kapot",
        "Nice design but it broke after two days",
        "Looks good, however the sound is awful",
        "Prima prijs, alleen de bezorging was erg traag",
        "Leuk boek. De vertaling is echter slecht en saai.",
    ],
)
def test_contrast_weights_the_clause_after(text: str) -> None:
    """After "maar/but/however/alleen/echter" the second clause decides."""
    assert score(text) < 0


def test_concessive_clause_counts_less() -> None:
    """"Although X, Y": Y decides."""
    assert score("Although the delivery was slow, I love it") > 0
    assert score("Hoewel het er mooi uitziet, is het slecht gemaakt") < 0


def test_emoji_and_emoticons() -> None:
    """Emoji and emoticons carry sentiment on their own."""
    assert score("😍") > 0 and score("😡") < 0
    assert score(":)") > 0 and score(":(") < 0
    assert score("pakket binnen 👍") > 0


def test_capitals_and_exclamation_marks_intensify() -> None:
    """CAPITALS and repeated "!" make the same words stronger."""
    assert score("this is GREAT") > score("this is great") > 0
    assert score("Super blij!!!") > score("Super blij") > 0


def test_social_media_spelling() -> None:
    """Elongations, abbreviations and common misspellings are understood."""
    assert score("zooo blij") > 0
    assert score("sooo gooood") > 0
    assert score("thx, gr8 service") > 0
    assert score("very dissapointed") < 0


def test_dutch_inflection_and_compounds() -> None:
    """Inflected and compounded Dutch forms find their base word."""
    assert score("een blije klant") > 0
    assert score("teleurgestelde koper") < 0
    assert score("supervriendelijke mensen") > 0
    assert score("gebruiksonvriendelijke app") < 0


def test_excess_with_te_and_too() -> None:
    """"te duur", "too small": excess of a neutral property is a complaint."""
    assert score("te klein") < 0
    assert score("too expensive") < 0
    assert score("te gek!") > 0


def test_rating_is_blended_not_trusted_blindly() -> None:
    """A rating nudges the text score; it decides only when the text has no sentiment words."""
    text = "Het apparaat ging na een week stuk"
    assert score(text, rating=4) > score(text)
    assert score(text, rating=4) < 0.3
    assert score("Bestelling 1234", rating=5) > 0
    assert score("Bestelling 1234", rating=1) < 0
    assert score("geweldig", rating="not a number") == score("geweldig")


def test_score_bounds_and_labels() -> None:
    """Scores stay in [-1, 1] and labels follow the documented thresholds."""
    for text in ["GEWELDIG!!! 😍😍😍 " * 50, "slecht slecht slecht " * 100, "de tafel"]:
        result = analyze(text).sentiment
        assert -1.0 <= result.score <= 1.0
        expected = "positive" if result.score >= 0.05 else "negative" if result.score <= -0.05 else "neutral"
        assert result.label == expected
    assert analyze("de tafel staat in de kamer").sentiment.label == "neutral"


def test_sentiment_score_matches_analyze() -> None:
    """The cheap text-only path agrees with analyze() when no rating is given."""
    text = "Snel geleverd, maar de kwaliteit valt tegen"
    assert sentiment_score(text) == analyze(text).sentiment.score


def test_negation_reaches_through_opinion_verbs() -> None:
    """"I didn't think it was helpful": the negation is raised to the opinion's clause."""
    assert score("I didn't think that the instructions provided were helpful") < 0


def test_barely_turns_only_positive_words() -> None:
    """"barely edible" style negators keep a negative word negative."""
    assert score("The food was barely lukewarm") < 0
    assert score("nauwelijks leuk") < 0


def test_superlative_never_is_not_negation() -> None:
    """"nog nooit zo slecht gegeten" is emphasis, not negation."""
    assert score("Wij hebben nog nooit zo slecht gegeten!") < 0
    assert score("Nog nooit zo lekker gegeten") > 0


def test_counterfactual_praise_is_negative() -> None:
    """Praise that did not happen ("had zo leuk kunnen zijn", "could have been great") counts against."""
    assert score("Het had zo leuk kunnen zijn") < 0
    assert score("It could have been great") < 0
    assert score("Had meer verwacht") < 0


def test_far_from_negates() -> None:
    """"verre van", "far from" negate what follows."""
    assert score("Het onthaal is verre van hartelijk") < 0
    assert score("far from perfect") < 0


def test_in_text_ratings_and_plain_numbers() -> None:
    """"4/5", "9/10" in the text count as ratings; plain numbers carry no sentiment."""
    assert score("Ik geef het 9/10") > 0
    assert score("1/5, never again") < 0
    assert abs(score("Order 86 arrived on the 2nd")) < NO_EVIDENCE  # only the narrative tie-break


def test_additive_constructions_are_not_contrast() -> None:
    """"niet alleen ... maar ook", "not only ... but also", "nothing but" add up instead of turning."""
    assert score("Niet alleen mooi maar ook snel") > 0.5
    assert score("nothing but praise") > 0
    assert score("Het voldoet niet aan mijn verwachtingen") < 0
    assert score("Beter dan verwacht") > 0


def test_clause_wide_negators_and_compounds() -> None:
    """"none of ...", "niemand ..." negate their clause; "-free" and "over-" compounds read right."""
    assert score("None of the tones is acceptable") < 0
    assert score("Niemand van het personeel was vriendelijk") < 0
    assert score("hassle-free returns") > 0
    assert score("over-priced") < 0


def test_comparison_with_the_product_itself() -> None:
    """"a much better player than this" praises the other product, not this one."""
    assert score("You can find a much better player than this") < 0
    assert score("Je vindt elders veel betere dan deze") < 0


def test_exclamation_alone_leans_positive_but_not_after_a_negator() -> None:
    """"!" with no sentiment words leans positive (neutral label); "No plot whatsoever!" does not."""
    result = analyze("Tomorrow is the day!").sentiment
    assert result.score > 0 and result.label == "neutral"
    assert score("No plot whatsoever!") <= 0
