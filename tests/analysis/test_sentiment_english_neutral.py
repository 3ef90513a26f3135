"""Sentiment, English neutral round of issue 13: formulae and word forms that judge nothing."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze
from insight_service.analysis.morphology import en_candidates


def label(text: str) -> str:
    """Sentiment label of an English text through the public API."""
    return analyze(text, language="en").sentiment.label


@pytest.mark.parametrize(
    "text",
    ["There is a good chance the parcel arrives on Monday.", "I would like to change the delivery address.",
     "We'd like a copy of the invoice for order 5521.", "I bought it as a gift for my sister.",
     "She got the speaker as a birthday gift last year.", "The library runs a crash course in first aid on Saturday.",
     "Installation in progress, please wait.", "The wind turned north in the afternoon.",
     "The fund paid out in March.", "They held the meeting in the town hall.",
     "I'm sure you've heard about the new timetable.", "It is true that the box ships without a charger.",
     "It took a week for the news to sink in.", "If it ain't broke, don't fix it, my father used to say."],
)
def test_formulae_and_word_forms_that_judge_nothing(text: str) -> None:
    """A likelihood, a polite wish, a gift named as such, a course, a state of work; "wind", "fund", "held"."""
    assert label(text) == "neutral"


@pytest.mark.parametrize(
    "text, expected",
    [("Don't get me wrong, the screen is great.", "positive"),
     ("Not being funny, but the delivery was a disaster.", "negative"),
     ("I would like to say the staff were wonderful.", "positive"),
     ("It was a lovely gift and she adores it.", "positive"),
     ("The app keeps crashing during the update.", "negative"),
     ("We had a fun night out.", "positive"),
     ("I'm sure you will love the colour.", "positive"),
     ("Money well spent.", "positive"),
     ("Time well spent with a friendly team.", "positive")],
)
def test_the_words_around_a_formula_still_judge(text: str, expected: str) -> None:
    """The formula is silent; what it introduces keeps its valence."""
    assert label(text) == expected


def test_nd_is_no_clipped_past_but_d_after_another_letter_is() -> None:
    """"wind" is no "win"+d, "fund" no "fun"+d; a texting past such as "pissd" still reaches "piss"."""
    assert "win" not in en_candidates("wind") and "fun" not in en_candidates("fund")
    assert "piss" in en_candidates("pissd")


@pytest.mark.parametrize(
    "text",
    ["We met at the bar last night.", "The content of the box is listed on page 2.", "The film runs 95 min.",
     "The two offices are a mile apart.", "He played rap and hip hop on the radio.",
     "The door shut with a bang at 5 pm.", "The phone shows four bars in the kitchen."],
)
def test_english_words_are_not_read_in_their_dutch_sense(text: str) -> None:
    """An English word no English lexicon scores is not borrowed from Dutch when Dutch means something else."""
    assert label(text) == "neutral"


def test_the_dutch_senses_stay_in_dutch_text() -> None:
    """"bar slecht" (grim) and "content" (satisfied) keep their Dutch valence in a Dutch text."""
    assert analyze("Het was een bar slechte avond", language="nl").sentiment.label == "negative"
    assert analyze("Ik ben heel content met de service", language="nl").sentiment.label == "positive"


@pytest.mark.parametrize(
    "text, expected",
    [("I called technical support twice on Monday.", "neutral"),
     ("The customer support number is on the back of the box.", "neutral"),
     ("The customer support was great.", "positive"),
     ("Time to fire up the grill for the guests.", "neutral"),
     ("I'm so fired up for the final", "positive"),
     ("For that price they could at least include a good charger.", "negative"),
     ("At least it works.", "neutral"),
     ("The band played two sets on Friday.", "neutral")],
)
def test_names_of_departments_starts_and_reproaches(text: str, expected: str) -> None:
    """A department's name judges nothing, "fired up" is excitement, "could at least" a reproach."""
    assert label(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("Streaming is a no-go on the old firmware.", "negative"),
     ("No go with the older cables either.", "negative"),
     ("They skimped on the packaging.", "negative"),
     ("It felt like a second-rate copy of the original.", "negative"),
     ("Why oh why did I order the large size", "negative"),
     ("This case is a must for anyone with kids.", "positive"),
     ("The summer festival opens on 12 June.", "neutral"),
     ("Our holiday starts on 3 August.", "neutral")],
)
def test_idioms_that_judge_without_an_evaluative_word(text: str, expected: str) -> None:
    """A refusal, cut corners, second quality, exasperation and a must; an event named in a report judges nothing."""
    assert label(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("Watching the #OpenChampionship on Sunday", "neutral"),
     ("Tickets for #SummerSlam go on sale at 10", "neutral"),
     ("Great night at #SummerSlam", "positive"),
     ("Waited all week for this #NotImpressed", "negative")],
)
def test_a_camelcase_hashtag_is_a_name_unless_it_negates(text: str, expected: str) -> None:
    """"#SummerSlam" names an event (its words count like those of a Capitalised name); "#NotImpressed" comments."""
    assert label(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("I wonder if the store opens on Sunday.", "neutral"),
     ("Just wondering whether the lid fits the small pot.", "neutral"),
     ("Anyone interested in two tickets for Friday?", "neutral"),
     ("Spare charger for sale, message me if interested.", "neutral"),
     ("The same is true for the charger.", "neutral"),
     ("The cable came free with the printer.", "neutral"),
     ("No wonder it broke.", "negative"),
     ("This spray works wonders on old stains.", "positive")],
)
def test_questions_offers_and_bundles_judge_nothing(text: str, expected: str) -> None:
    """"I wonder", offers to the interested, "true for", "free with"; "no wonder" explains, "works wonders" praises."""
    assert label(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [("The odds are 3 to 1 on the home side.", "neutral"),
     ("A longer cable means the dock can sit on the floor.", "neutral"),
     ("Special offer on Friday: two for one.", "neutral"),
     ("The waiter was mean to us.", "negative"),
     ("They won against all odds.", "positive")],
)
def test_nouns_read_as_adjectives_and_kinds_of_offer(text: str, expected: str) -> None:
    """"odds" are chances, "means" is no unkind "mean", a special offer is a kind; the adjective "mean" still judges."""
    assert label(text) == expected
