"""Pain-point rules of analyzer 2.3.0: what an aspect's clause may count as its opinion, and what a phrase is about."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze


def codes(text: str, language: str = "en") -> set[str]:
    """Pain-point codes found in a text."""
    return {p.code for p in analyze(text, language=language).pain_points}


@pytest.mark.parametrize(
    "text, code",
    [
        # "fan" and "support" are praise words in a general lexicon; as a part or a service they judge nothing
        ("My fan is noisy.", "defect"),
        ("Their phone support is useless.", "customer_service"),
        # an aspect opinion sets the polarity, and a stronger word of that polarity keeps its weight
        ("The help desk was utterly useless.", "customer_service"),
    ],
)
def test_the_aspect_name_is_no_praise_and_a_strong_opinion_keeps_its_weight(text: str, code: str) -> None:
    """Named parts and services beside a clear complaint are pain points."""
    assert code in codes(text)


@pytest.mark.parametrize("text", ["The fan is quiet enough for me.", "Phone support was helpful and quick."])
def test_praise_of_the_same_aspects_stays_praise(text: str) -> None:
    """The same aspects beside praise are no pain point."""
    assert not codes(text)


def test_a_condition_lends_no_complaint_to_its_neighbour() -> None:
    """An aspect in an empty clause borrows its neighbour's opinion, but not a hypothetical one."""
    assert "customer_service" not in codes("If the lid ever cracks, the warranty covers it.")
    assert "customer_service" in codes("The lid cracked, the warranty, useless.")


@pytest.mark.parametrize("text", ["The screen is not bright enough.", "The speakers aren't loud enough."])
def test_a_part_that_is_not_enough_is_a_clear_complaint(text: str) -> None:
    """A negated need of a part ("not bright enough") is as clear as its opposite; loudness judges no part."""
    assert "defect" in codes(text)


def test_a_part_that_is_enough_is_none() -> None:
    """The same need met is no complaint."""
    assert not codes("The keyboard is sturdy enough and the speakers are loud enough.")


@pytest.mark.parametrize("text", ["The power cord is frayed.", "The keyboard flexes when I type.",
                                  "The lettering on the keys wore off.", "The screen has backlight bleed."])
def test_wear_and_build_words_judge_a_part(text: str) -> None:
    """Wear and build words that any reviewer uses of a part make it a defect, mild as their general score is."""
    assert "defect" in codes(text)


@pytest.mark.parametrize("text", ["The service is excellent.", "Their support is fantastic."])
def test_naming_the_service_is_no_complaint(text: str) -> None:
    """'service is' and 'support is' are no complaint phrases: what follows decides ("Tech support is horrible")."""
    assert "customer_service" not in codes(text)


@pytest.mark.parametrize(
    "text, language, found",
    [
        ("The touchpad is awkward to use.", "en", True),
        ("Het menu is lastig te gebruiken.", "nl", True),
        # a purpose infinitive says nothing of how the product is to use or read
        ("I wanted a laptop to use for school and this one is terrible.", "en", False),
        ("Saai verhaal, ik las het alleen om te lezen wat iedereen zo goed vond.", "nl", False),
    ],
)
def test_an_infinitive_is_judged_by_the_words_before_it(text: str, language: str, found: bool) -> None:
    """'hard to use', 'lastig te gebruiken' are usability; 'a laptop to use for school' is not."""
    assert ("usability" in codes(text, language)) is found


@pytest.mark.parametrize("text, code", [("No wonder it doesn't work.", "defect"),
                                        ("We don't mind, and you don't matter to them.", "customer_service")])
def test_a_complaint_with_its_own_negator_is_not_turned_by_an_earlier_one(text: str, code: str) -> None:
    """The phrase's own negation is the complaint; a negator before it belongs to something else."""
    assert code in codes(text)


@pytest.mark.parametrize("text, language", [("Nooit meer problemen gehad met de accu.", "nl"),
                                            ("Never had a single problem with the keyboard.", "en")])
def test_an_aspect_after_a_denied_problem_is_none(text: str, language: str) -> None:
    """"nooit meer problemen met X" (which the sentiment pass may read as "never again") denies a problem with X."""
    assert not codes(text, language)


@pytest.mark.parametrize("text, language", [("The keyboard is terrible but the screen is great.", "en"),
                                            ("Although the speakers are awful, I love this laptop.", "en"),
                                            ("Het toetsenbord is slecht, maar het scherm is prachtig.", "nl")])
def test_a_complaint_before_a_contrast_keeps_its_local_weight(text: str, language: str) -> None:
    """'but' halves what precedes it for the text's score, not for the aspect the words judge."""
    assert "defect" in codes(text, language)


def test_the_pass_records_the_discourse_weight() -> None:
    """The sentiment pass keeps each scored word's weight of place, so its local valence can be recovered."""
    from insight_service.analysis.pipeline import _text_pass
    from insight_service.analysis.sentiment import CONTRAST_AFTER, CONTRAST_BEFORE
    _, tokens, _, _, sp = _text_pass("The keyboard is terrible but the screen is great.", "en")
    assert sp.weights[tokens.index("terrible")] == CONTRAST_BEFORE
    assert sp.weights[tokens.index("great")] == CONTRAST_AFTER


@pytest.mark.parametrize("text", ["The RAM upgrades cost a fortune.", "With this brand you are paying for the name.",
                                  "I expected more for the price."])
def test_price_idioms(text: str) -> None:
    """General English idioms of a price that is too high."""
    assert "price" in codes(text)


@pytest.mark.parametrize("text", ["The cursor jumps all over the place when I type.",
                                  "The touchpad is oversensitive.", "The trackpad is erratic."])
def test_a_pointer_that_does_what_it_likes_is_usability(text: str) -> None:
    """A jumping cursor or an oversensitive touchpad is a problem of use, not a broken part."""
    assert "usability" in codes(text)


@pytest.mark.parametrize("text", ["I've dropped it several times and it still works.",
                                  "This is the third time I have bought a Toshiba."])
def test_counting_times_alone_is_no_service_complaint(text: str) -> None:
    """Counting times is a service complaint only in a repair story ("the third time I've sent it in")."""
    assert "customer_service" not in codes(text)
    assert "customer_service" in codes("This is the third time I've sent it in.")


@pytest.mark.parametrize("text", ["Firefox keeps crashing on this machine.", "Photoshop freezes every few minutes."])
def test_named_programs_are_software(text: str) -> None:
    """Browsers, editors and operating systems any reviewer names are software aspects, so their failures are."""
    assert "software" in codes(text)


def test_a_virus_scan_is_no_software_complaint() -> None:
    """A virus is no fault of the product's software (and 'virus' would read as a complaint word)."""
    assert "software" not in codes("Every night it runs a virus scan.")


@pytest.mark.parametrize("text", ["Batterijduur van 8 uur, heel fijn.", "De batterijduur is ongeveer 5 uur."])
def test_a_compound_name_is_no_complaint(text: str) -> None:
    """"batterijduur" ends in "duur" (expensive) for a general lexicon; a neutral battery opinion silences it."""
    assert "battery" not in codes(text, "nl")
    assert "battery" in codes("De batterijduur is slecht.", "nl")


@pytest.mark.parametrize("text, code, not_code", [("The charging port is loose and wobbly.", "defect", "battery"),
                                                  ("Installing Service Pack 3 was a nightmare.", "software",
                                                   "customer_service")])
def test_the_longer_name_decides(text: str, code: str, not_code: str) -> None:
    """An aspect inside a longer aspect of another code is that code's ("charging port", "service pack")."""
    found = codes(text)
    assert code in found and not_code not in found


@pytest.mark.parametrize("text", ["The battery lasts maybe 90 minutes.", "I had to buy a new battery after a year.",
                                  "Battery life is far shorter than advertised."])
def test_battery_told_in_minutes_replacements_and_adverts(text: str) -> None:
    """Battery life counted in minutes, a battery bought anew, less than advertised."""
    assert "battery" in codes(text)


def test_battery_as_advertised_is_none() -> None:
    """Battery life that meets the advert is no complaint."""
    assert not codes("The battery lasts 8 hours, as advertised.")


@pytest.mark.parametrize("text", ["It is much better than the slow and buggy Windows laptops.",
                                  "Unlike Vista, which crashed daily, it just works."])
def test_the_complement_of_a_comparison_is_the_other_thing(text: str) -> None:
    """What follows "than"/"unlike" describes what the product is compared with."""
    assert "software" not in codes(text)


def test_the_compared_subject_keeps_its_complaint() -> None:
    """The product's own aspect before "than" is still judged."""
    assert "defect" in codes("The keyboard is much worse than the one on my old laptop.")


def test_what_comes_preloaded_is_no_complaint_in_itself() -> None:
    """'preloaded with' states what is installed; bloatware and trials are the complaints."""
    assert "software" not in codes("It comes preloaded with Windows 7 Home Premium.")
    assert "software" in codes("It came preloaded with tons of bloatware.")


@pytest.mark.parametrize("text, language", [("The fan is dead silent.", "en"),
                                            ("I switched off Bluetooth to save battery.", "en"),
                                            ("It boots and shuts down very quickly.", "en"),
                                            ("Ik lach me kapot om dit boek.", "nl"),
                                            ("Ik was er echt kapot van, wat een mooi boek.", "nl"),
                                            ("Geen zware kost, maar luchtige liefde.", "nl"),
                                            ("Een kijkje achter de schermen van een slecht ziekenhuis.", "nl")])
def test_benign_idioms_hold_no_complaint(text: str, language: str) -> None:
    """'dead silent', 'switched off the ...', 'lach me kapot', 'zware kost' hold a complaint word but are none."""
    assert not codes(text, language) & {"defect", "price"}


def test_a_benign_idiom_leaves_the_rest_of_the_sentence() -> None:
    """Only the words inside the idiom are set aside."""
    assert "defect" in codes("The fan is dead silent but the hinge broke.")


def test_lasting_is_the_batterys_only_when_a_battery_is_named() -> None:
    """'It didn't last a year' is the device's durability; 'the battery doesn't last' the battery's."""
    assert codes("It didn't last a year.") == {"defect"}
    assert "battery" in codes("The battery doesn't last long.")


@pytest.mark.parametrize("text", ["It is poorly constructed.", "The workmanship is poor.", "It's not built to last.",
                                  "It feels like a toy."])
def test_build_quality_idioms_are_defects(text: str) -> None:
    """How the product is built or made, in the words any reviewer uses."""
    assert "defect" in codes(text)


def test_solid_construction_is_none() -> None:
    """Construction praised is no defect."""
    assert not codes("The construction is solid.")


@pytest.mark.parametrize("text", ["It's not very user friendly.", "There is no manual.",
                                  "The power button is in an awkward spot, I keep hitting it.",
                                  "The keys are too close together."])
def test_usability_idioms(text: str) -> None:
    """Layout and use in the words any reviewer uses: awkward spots, keys hit by accident, no manual."""
    assert "usability" in codes(text)


@pytest.mark.parametrize("text, language", [("Het is duur.", "nl"), ("It is expensive.", "en")])
def test_a_name_that_is_its_own_opinion_is_judged_as_the_opinion(text: str, language: str) -> None:
    """'duur' names the price and judges it: the name rule does not take away the opinion."""
    assert "price" in codes(text, language)


def test_a_negative_name_keeps_naming_the_complaint() -> None:
    """'money back', 'bugs' name the complaint itself: only a name's praise is set aside."""
    assert "returns" in codes("I want my money back.")
