"""Sentiment: cues that state no opinion (hedging 'like', report style) and general Dutch review vocabulary."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze
from insight_service.analysis.scoring import verdict
from insight_service.analysis.tokens import tokenize


def label(text: str, language: str) -> str:
    """Sentiment label of a text through the public API."""
    return analyze(text, language=language).sentiment.label


@pytest.mark.parametrize(
    "text",
    ["It looks like rain on Monday", "Sounds like the shop opens at nine", "He was like, see you tomorrow",
     "Things like cables come in the second box", "The hard drive holds 40 GB of music",
     "Make sure the charger is plugged in before the update", "Please note that the store closes at six"],
)
def test_like_as_preposition_or_quote_judges_nothing(text: str) -> None:
    """'looks like', 'things like' compare or quote; 'hard drive', 'make sure', 'please note' name or instruct."""
    assert label(text, "en") == "neutral"


@pytest.mark.parametrize("text", ["I like this phone", "We really like the new app", "Looks like a great phone"])
def test_like_as_verb_and_the_word_after_it_still_count(text: str) -> None:
    """The verb 'like' keeps its valence; a hedging 'like' leaves the words after it to speak."""
    assert label(text, "en") == "positive"


@pytest.mark.parametrize(
    "text, expected",
    [("Er was niets aan te merken op de bediening.", "positive"),
     ("De bediening liet veel te wensen over.", "negative"),
     ("De kwaliteit van het eten was beneden peil.", "negative"),
     ("Het duurde een eeuwigheid voor we konden bestellen.", "negative"),
     ("Wij werden aan ons lot overgelaten.", "negative"),
     ("Een avond om nooit te vergeten.", "positive"),
     ("Ruime porties voor een nette prijs.", "positive"),
     ("De batterij gaat lang mee.", "positive"),
     ("De stofzuiger ging niet lang mee.", "negative"),
     ("Deze koptelefoon is zijn geld waard.", "positive"),
     ("Deze koptelefoon is zijn geld niet waard.", "negative"),
     ("Een culinair hoogstandje met veel vakmanschap.", "positive"),
     ("De ober was nogal neerbuigend.", "negative"),
     ("Het restaurant was duidelijk onderbemand.", "negative"),
     ("De prijs-kwaliteitverhouding kan niet beter.", "positive"),
     ("Deze pizzeria moet je geproefd hebben.", "positive"),
     ("Wij komen graag terug.", "positive"),
     ("Wij komen niet graag terug.", "negative"),
     ("Na twee weken nog steeds niets ontvangen.", "negative"),
     ("De bestelling was fout en we kregen geen excuses.", "negative")],
)
def test_dutch_service_waiting_portion_and_value_vocabulary(text: str, expected: str) -> None:
    """General Dutch review idioms: 'niets aan te merken', 'te wensen over', 'een eeuwigheid', 'zijn geld waard'."""
    assert label(text, "nl") == expected


@pytest.mark.parametrize(
    "text, expected",
    [("The Lakers play a huge game on Friday.", "neutral"),  # a fixture: names, no person, a mild word
     ("I think the Lakers play a huge game on Friday.", "positive"),  # the writer's own view
     ("The Lakers play a huge game on Friday!", "positive"),  # excitement is a view too
     ("we finally play a huge game on friday...", "neutral"),  # a teaser cut off: a shared post
     ("we play a huge game on friday", "positive"),
     ("Terrible update from Samsung, the Galaxy S6 keeps crashing.", "negative")],  # strong words still judge
)
def test_a_plain_report_needs_more_evidence(text: str, expected: str) -> None:
    """English news, fixtures and announcements (names or numbers, no I/you, no '!') judge only with clear words."""
    assert label(text, "en") == expected


def test_report_threshold_in_the_verdict() -> None:
    """The same mild evidence is an opinion in a personal text and none in a report; strong words cancelling stay."""
    assert verdict(1.3, False, False, [1.3]) == "opinion"
    assert verdict(1.3, False, False, [1.3], reported=True) == "none"
    assert verdict(1.3, False, False, [4.0, -2.7], reported=True) == "opinion"


def test_dutch_text_is_never_treated_as_a_report() -> None:
    """Dutch capitalises no nouns and has no name scan: a Dutch text with names keeps the ordinary threshold."""
    assert label("Ajax speelt vrijdag een goede wedstrijd.", "nl") == "positive"


@pytest.mark.parametrize(
    "text, tokens",
    [("today in history (april 1963): paul", ["today", "in", "history", "(", "april", "1963", ")", ":", "paul"]),
     ("so sad ): really", ["so", "sad", "):", "really"]), ("yay (: ok", ["yay", "(:", "ok"])],
)
def test_reversed_emoticon_never_follows_a_word(text: str, tokens: list[str]) -> None:
    """'(ANI):' and '(1963):' close a bracket before a colon; a free-standing '):' is still a frown."""
    assert tokenize(text) == tokens


def test_bracket_before_colon_judges_nothing() -> None:
    """A dateline such as 'London (Reuters):' is no frown in English or Dutch."""
    assert label("London (Reuters): the summit opens on Monday.", "en") == "neutral"
    assert label("Den Haag (ANP): het kabinet vergadert maandag.", "nl") == "neutral"
