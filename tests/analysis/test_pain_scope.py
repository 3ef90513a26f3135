"""Where a pain-point mention stands (pain_scope.py): counterfactuals and the complement of a comparison."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze


def codes(text: str, language: str = "en") -> set[str]:
    """Pain-point codes found in a text."""
    return {p.code for p in analyze(text, language=language).pain_points}


@pytest.mark.parametrize(
    "text, code, found",
    [
        # what would or should have happened did not happen
        ("In hindsight I should have sent it back right away.", "customer_service", False),
        ("Had there been a manufacturing defect, I would have returned it.", "defect", False),
        ("I would have sent it in for repair, but nothing ever went wrong.", "defect", False),
        ("I wouldn't have had to send it in if they had tested it properly.", "customer_service", False),
        # ... but the same complaints told as facts stand
        ("I had to send it back to the store twice.", "customer_service", True),
        ("The screen has dead pixels and I returned it.", "defect", True),
        # the counterfactual covers its own short predicate, not a fact the customer learnt
        ("I wouldn't have bought it had I known it overheats.", "defect", True),
        # "might have", "could have" say it may have happened: no counterfactual
        ("It might have been faulty from the start, it overheated daily.", "defect", True),
    ],
)
def test_a_counterfactual_complaint_reports_nothing(text: str, code: str, found: bool) -> None:
    """A complaint or failure after "would have", "should have", "had there been" in its clause did not happen."""
    assert (code in codes(text)) is found


def test_counterfactual_praise_of_an_aspect_still_complains() -> None:
    """The aspect keeps its clause's reading: the sentiment pass turns "should have lasted longer" negative."""
    assert "battery" in codes("The battery life should have been a lot better, it is terrible.")


@pytest.mark.parametrize(
    "text, language, code, found",
    [
        # the complement names the other thing, whatever the marker
        ("The keyboard is fine compared to my brother's flimsy, broken one.", "en", "defect", False),
        ("I use this instead of her buggy software.", "en", "software", False),
        ("The new menu is a welcome change from the confusing, cluttered icons.", "en", "usability", False),
        ("Dit toestel is prima vergeleken met de kapotte oplader van mijn buurman.", "nl", "defect", False),
        # "then" after a comparative is "than", and the graded complement lends no opinion to the aspect before it
        ("It costs more then a brand that is awful and useless.", "en", "price", False),
        ("The price is a lot higher than the other brands that are all terrible.", "en", "price", True),
        # a phrase before "compared to" keeps its predicate: "X compared to Y sucks" judges X
        ("The touchpad compared to the old one is awful and broken.", "en", "defect", True),
        # "less than ideal" grades an opinion word; it compares with no other thing
        ("The software is less than ideal and crashes a lot.", "en", "software", True),
        ("The software is less than ideal, honestly.", "en", "software", True),
    ],
)
def test_the_complement_of_a_comparison_is_the_other_thing(text: str, language: str, code: str, found: bool) -> None:
    """Words after "compared to", "instead of", "vergeleken met", "than" describe what is compared with."""
    assert (code in codes(text, language)) is found


@pytest.mark.parametrize(
    "text, language, code, found",
    [
        ("Glitches, if there are any, get fixed by updates.", "en", "software", False),
        ("The glitches, if any, get fixed quickly.", "en", "software", False),
        ("Storingen, als die er al zijn, verhelp je met een update.", "nl", "software", False),
        # a condition that says when it happens doubts nothing
        ("It overheats, if you ever run games.", "en", "defect", True),
        ("It has glitches and if you ask me it is terrible.", "en", "software", True),
    ],
)
def test_a_condition_that_doubts_the_complaint(text: str, language: str, code: str, found: bool) -> None:
    """A complaint followed by "if any", "if there are any", "als die er al zijn" may not exist at all."""
    assert (code in codes(text, language)) is found


@pytest.mark.parametrize(
    "text, language, found",
    [
        ("He is out for the season after breaking his hand in the loss.", "en", False),
        ("Na de val was zijn pols gebroken, vreselijk.", "nl", False),
        ("Na een week was het scharnier gebroken.", "nl", True),
        # a product's own arm, leg or neck still breaks
        ("One leg of the stand broke after a week.", "en", True),
        ("The arm broke off after two days.", "en", True),
        ("It burned my leg, the bottom gets so hot.", "en", True),
    ],
)
def test_a_broken_body_part_is_an_injury(text: str, language: str, found: bool) -> None:
    """A one-word failure before a possessive and a body part hurt a person; a product's leg or arm is a part."""
    assert ("defect" in codes(text, language)) is found


@pytest.mark.parametrize(
    "text, code, found",
    [
        ("Windows Vista was slow on my old machine, but this one runs it fine.", "software", False),
        ("The old model had a flimsy hinge; this one is solid metal.", "defect", False),
        ("The keyboard on my previous laptop was flimsy and awful.", "defect", False),
        # "old" as an age, and an earlier comment, are no other product
        ("It is only two years old and the hinge is cracked and broken.", "defect", True),
        ("I agree with the previous comment that the tech support is horrible.", "customer_service", True),
    ],
)
def test_a_clause_about_an_earlier_device(text: str, code: str, found: bool) -> None:
    """"my old machine", "the previous laptop" anywhere in the clause make it about another product."""
    assert (code in codes(text)) is found


@pytest.mark.parametrize(
    "text, language, code, found",
    [
        ("People complain about the battery, but mine lasts all day.", "en", "battery", False),
        ("Some reviewers say the hinge breaks easily; mine is fine.", "en", "defect", False),
        ("I read complaints about the keyboard breaking, but I have had none.", "en", "defect", False),
        ("Sommigen klagen over de accu, maar de mijne houdt het prima.", "nl", "battery", False),
        # agreeing with others keeps the complaint the customer's own
        ("As other reviewers say, the hinge cracked after a month.", "en", "defect", True),
        ("Like people say, the battery drains fast.", "en", "battery", True),
        ("Zoals anderen zeggen: de accu is slecht en loopt snel leeg.", "nl", "battery", True),
    ],
)
def test_what_others_report_is_not_the_customers_experience(text: str, language: str, code: str, found: bool) -> None:
    """"people complain about", "reviewers say", "sommigen klagen over" report others' view, unless agreed with."""
    assert (code in codes(text, language)) is found
