"""Pain-point rules of analyzer 2.2.0: which code a phrase belongs to, conceded prices, conditions, repairs, parts."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze
from insight_service.analysis.aspects import parse_aspects


def codes(text: str, language: str) -> set[str]:
    """Pain-point codes found in a text."""
    return {p.code for p in analyze(text, language=language).pain_points}


@pytest.mark.parametrize(
    "text, language, code, not_code",
    [
        # a failure inside a longer complaint of another code is that code's: a repair that did not help
        ("They returned it and it still didn't work.", "en", "customer_service", "defect"),
        # ... and the longer phrase decides between two complaints: the customer had to send it in, so it failed
        ("I had to send it back twice in the first month.", "en", "defect", "customer_service"),
        # a charger is a part of the device: when it fails that is a defect, not the battery
        ("After a month the charger stopped working.", "en", "defect", "battery"),
        ("De oplader is na een week kapot.", "nl", "defect", "battery"),
        # ... and a charging complaint is not the charger's
        ("The phone won't charge with the charger it came with.", "en", "battery", "defect"),
        # a price in a service complaint's clause is what the service charges
        ("The repair cost way too much.", "en", "customer_service", "price"),
        ("De reparatie was veel te duur.", "nl", "customer_service", "price"),
        # problems belong to what they are problems with
        ("We had nothing but problems with the software.", "en", "software", "defect"),
        ("We hebben veel problemen met de app.", "nl", "software", "defect"),
        ("The app has the same problem every morning.", "en", "software", "defect"),
        ("De app heeft steeds hetzelfde probleem.", "nl", "software", "defect"),
    ],
)
def test_a_phrase_belongs_to_one_code(text: str, language: str, code: str, not_code: str) -> None:
    """The longer phrase and the thing a problem concerns decide the code."""
    found = codes(text, language)
    assert code in found and not_code not in found


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("It keeps shutting down during games.", "en", "defect"),
        ("It has been into the shop three times already.", "en", "defect"),
        ("Hij moest al twee keer naar de reparateur.", "nl", "defect"),
        ("Got a replacement and same issue.", "en", "defect"),
        ("The office suite turned out to be a three month trial.", "en", "software"),
        ("The battery gives me only 2 hours.", "en", "battery"),
        ("Battery life is more like 3 hours.", "en", "battery"),
        ("I had to pay for the repair myself.", "en", "customer_service"),
        ("The extended warranty turned out to be a problem.", "en", "customer_service"),
        ("They told me the repair would take a month, which is ridiculous.", "en", "customer_service"),
        ("Ze zeiden dat de reparatie een maand zou duren, belachelijk.", "nl", "customer_service"),
        ("The company is totally unconcerned.", "en", "customer_service"),
        ("Het kan ze niet schelen.", "nl", "customer_service"),
        ("The app is not fast enough.", "en", "software"),
        ("De app is niet snel genoeg.", "nl", "software"),
        ("Ik snap niet hoe ik hem moet instellen.", "nl", "usability"),
        ("Expensive and not worth the price.", "en", "price"),
    ],
)
def test_complaints_of_2_2_0(text: str, language: str, code: str) -> None:
    """Repairs needed, short battery hours, service that costs or does not care, a negated 'enough'."""
    assert code in codes(text, language)


@pytest.mark.parametrize(
    "text, language",
    [
        ("Starting up and shutting down take seconds.", "en"),  # a process, not a fault
        ("It is expensive, but well worth it.", "en"),  # a conceded price
        ("Best prijzig, maar zeker zijn geld waard.", "nl"),
        ("The wifi signal is weak in the garden.", "en"),  # the radio and the network, not software
        ("De wifi is zwak op zolder.", "nl"),
        ("The manual is on the hard drive, I prefer paper.", "en"),  # "hard" names the drive, judges no manual
        ("Ik snap niet dat dit boek zo goed verkoopt.", "nl"),  # disbelief, not a usability problem
        ("If it ever breaks I will buy another one.", "en"),  # still hypothetical
    ],
)
def test_no_pain_point(text: str, language: str) -> None:
    """Processes, conceded prices, WiFi, words inside another name, disbelief and real conditions are no codes."""
    assert not codes(text, language) & {"defect", "price", "software", "usability"}


@pytest.mark.parametrize(
    "text, code",
    [
        ("If I use it on my lap it burns my legs.", "defect"),
        ("Unless you buy their extended warranty they will do nothing.", "customer_service"),
    ],
)
def test_if_and_unless_cover_only_their_own_condition(text: str, code: str) -> None:
    """What happens whenever the product is used, or unless one pays more, is a real complaint."""
    assert code in codes(text, "en")


def test_a_part_needs_a_clearly_negative_clause() -> None:
    """A part beside a mild remark is no defect; a clear negative word or a failure is."""
    assert "defect" not in codes("The display is mediocre.", "en")
    assert "defect" not in codes("Het scherm is matig.", "nl")
    assert "defect" in codes("The display is awful.", "en")
    assert "defect" in codes("The display is mediocre and already cracked.", "en")


@pytest.mark.parametrize("text", ["The lid scratches after a week.", "The metal casing already dents.",
                                  "The paint is peeling off the frame."])
def test_damage_to_a_part_is_a_defect_even_without_a_strong_word(text) -> None:
    """Visible damage (scratches, dents, peeling) is a defect, however mild its word's score."""
    assert "defect" in codes(text, "en")


def test_clear_negative_codes_must_exist() -> None:
    """The lexicon rejects a clear_negative code the taxonomy lacks."""
    with pytest.raises(ValueError):
        parse_aspects({"codes": {}, "clear_negative": ["nonsense"], "default_failure": "defect"},
                      frozenset({"defect"}))
