"""Pain points as aspect + opinion: local polarity, aspect-dependent opinions, implicit complaints, failures."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze
from insight_service.analysis.aspects import parse_aspects


def codes(text: str, language: str | None = None) -> set[str]:
    """Pain-point codes found in a text."""
    return {p.code for p in analyze(text, language=language).pain_points}


@pytest.mark.parametrize(
    "text, language",
    [
        ("Good keyboard, long battery life.", "en"),
        ("Am very glad I bought it, great netbook, low price.", "en"),
        ("Reasonable price and the battery lasts all day.", "en"),
        ("The keyboard is fine and the screen is bright.", "en"),
        ("Lage prijs en een lange batterijduur.", "nl"),
        ("Scherpe prijs, snel geleverd.", "nl"),
        ("De batterijduur is prima.", "nl"),
    ],
)
def test_positive_and_neutral_mentions_are_no_pain_point(text: str, language: str) -> None:
    """An aspect praised or merely named is never a pain point."""
    assert codes(text, language) == set()


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("High price tag, however.", "en", "price"),
        ("Short battery life.", "en", "battery"),
        ("The battery life is not very long.", "en", "battery"),
        ("Hoge prijs voor wat je krijgt.", "nl", "price"),
        ("Korte batterijduur.", "nl", "battery"),
    ],
)
def test_opinion_polarity_depends_on_the_aspect(text: str, language: str, code: str) -> None:
    """"high price" and "short battery life" are complaints where "low price" and "long battery life" are praise."""
    assert code in codes(text, language)


def test_cheap_praises_a_price_and_damns_a_build() -> None:
    """The same word is positive for one aspect and negative for another."""
    assert "price" not in codes("Cheap price for what you get.", "en")
    assert "defect" in codes("The casing feels cheap and the hinges are loose.", "en")


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("Acer won't replace the laptop.", "en", "customer_service"),
        ("I spoke to 4 different people and was told they needed to transfer me to a 5th person!", "en",
         "customer_service"),
        ("This thing is a lemon.", "en", "defect"),
        ("They refused to fix it under warranty.", "en", "customer_service"),
        ("The phone overheats when I play a video.", "en", "defect"),
        ("Ik werd van het kastje naar de muur gestuurd.", "nl", "customer_service"),
        ("Ze weigerden het toestel te vervangen.", "nl", "customer_service"),
        ("We hebben een half uur gewacht op de bestelling.", "nl", "customer_service"),
        ("Het apparaat wordt heet en valt dan uit.", "nl", "defect"),
        ("Ik moet hem elke dag opladen, hij is heel snel leeg.", "nl", "battery"),
    ],
)
def test_complaints_without_a_taxonomy_keyword_are_found(text: str, language: str, code: str) -> None:
    """Implicit complaint patterns name the aspect themselves."""
    assert code in codes(text, language)


@pytest.mark.parametrize(
    "text, language, code, not_code",
    [
        ("After a month the battery died.", "en", "battery", "defect"),
        ("The app is great but keeps crashing.", "en", "software", "defect"),
        ("De accu is na een week kapot.", "nl", "battery", "defect"),
        ("The fan died after a month.", "en", "defect", "battery"),
    ],
)
def test_a_failure_belongs_to_the_failing_aspect(text: str, language: str, code: str, not_code: str) -> None:
    """"The battery died" is a battery problem; "the fan died" a defect."""
    found = codes(text, language)
    assert code in found and not_code not in found


def test_a_failure_without_its_aspect_is_the_device_or_nothing() -> None:
    """A bare "it died" is a defect; a bare "it crashed" names no software, so no code claims it."""
    assert codes("It died after two weeks.", "en") == {"defect"}
    assert "software" not in codes("The laptop crashed twice.", "en")


@pytest.mark.parametrize(
    "text, language",
    [
        ("I bought extra warranty in case it breaks.", "en"),
        ("My old laptop died, so I bought this one and it is great.", "en"),
        ("Hopefully it never crashes.", "en"),
        ("It didn't die once in a year.", "en"),
        ("Mijn vorige telefoon ging kapot, deze is top.", "nl"),
        ("Hij is nog steeds niet kapot.", "nl"),
    ],
)
def test_hypothetical_negated_or_other_product_complaints_do_not_count(text: str, language: str) -> None:
    """A complaint about another product, a feared one or a negated one is no pain point of this product."""
    assert codes(text, language) == set()


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("Het personeel was totaal niet geïnteresseerd.", "nl", "customer_service"),
        ("Onprofessionele bediening.", "nl", "customer_service"),
        ("The staff were arrogant and unprofessional.", "en", "customer_service"),
        ("Dit kwam neer op maar liefst 8 euro per stuk.", "nl", "price"),
        ("A whopping price for a bag of chips.", "en", "price"),
        ("Het duurde 20 minuten voordat iemand onze bestelling opnam.", "nl", "customer_service"),
        ("They didn't even call back.", "en", "customer_service"),
        ("Support gave me a hard time and tried to charge me for the repair.", "en", "customer_service"),
        ("De winkel deed geen moeite, ze probeerden niet eens te helpen.", "nl", "customer_service"),
        ("De winkel reageert niet op mijn mails.", "nl", "customer_service"),
    ],
)
def test_service_manner_price_amount_and_waiting(text: str, language: str, code: str) -> None:
    """Opinions about staff, an amount stressed as too much, waiting to be served, service that did not happen."""
    assert code in codes(text, language)


def test_positive_service_manner_is_no_pain_point() -> None:
    """Praise of the staff in either language stays clean."""
    assert codes("Het personeel was attent en professioneel.", "nl") == set()
    assert codes("The staff were knowledgeable and professional.", "en") == set()


def test_lists_apply_to_their_own_language() -> None:
    """English "door" is a hardware part; Dutch "door" means "through" and names no aspect."""
    assert "defect" in codes("The door broke off after a week.", "en")
    assert codes("Door de drukte was het eten slecht.", "nl") == set()


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("Jammer dat de letters zo klein zijn.", "nl", "usability"),
        ("The font is tiny and hard to read.", "en", "usability"),
        ("Het boek zat vol drukfouten en er ontbreken bladzijden.", "nl", "defect"),
        ("My copy was misprinted.", "en", "defect"),
    ],
)
def test_printed_products(text: str, language: str, code: str) -> None:
    """Books and e-readers: small print is usability, misprints and missing pages a defect."""
    assert code in codes(text, language)


def test_restaurant_service_is_not_usability() -> None:
    """Dutch "bediening" is service staff, so an unfriendly one is customer service, not usability."""
    assert codes("De bediening was niet erg vriendelijk.", "nl") == {"customer_service"}


def test_the_lexicon_rejects_unknown_codes_and_polarities() -> None:
    """A typo in data/aspects.yaml fails loudly at load time."""
    known = frozenset({"defect", "price"})
    with pytest.raises(ValueError, match="taxonomy lacks"):
        parse_aspects({"default_failure": "defect", "codes": {"prise": {}}}, known)
    with pytest.raises(ValueError, match="polarity"):
        parse_aspects({"default_failure": "defect",
                       "codes": {"price": {"opinions": {"en": {"good": ["low"]}}}}}, known)


@pytest.mark.parametrize(
    "with_apostrophe, without, code",
    [
        ("The charger won't charge my phone.", "The charger wont charge my phone.", "battery"),
        ("The menus aren't friendly at all.", "The menus arent friendly at all.", "usability"),
        ("After a week the trackpad doesn't work well.", "After a week the trackpad doesnt work well.", "defect"),
        ("This is the third time I've sent it in.", "This is the third time ive sent it in.", "customer_service"),
    ],
)
def test_a_complaint_typed_without_its_apostrophe_is_the_same(with_apostrophe: str, without: str, code: str) -> None:
    """Customers often drop the apostrophe of "n't" and "'ve": the phrase means the same."""
    assert code in codes(with_apostrophe, "en")
    assert code in codes(without, "en")


@pytest.mark.parametrize(
    "text, code",
    [
        ("After a year it holds no charge at all.", "battery"),
        ("The battery held zero charge after two months.", "battery"),
        ("They wanted $250 to fix the hinge they broke.", "customer_service"),
        ("Out of warranty, they charge 300 dollars to repair a keyboard.", "customer_service"),
    ],
)
def test_a_battery_with_no_charge_and_a_repair_charged(text: str, code: str) -> None:
    """A battery that holds no charge; what the company charges to fix the product is the service's."""
    assert code in codes(text, "en")


@pytest.mark.parametrize(
    "text, language, found",
    [
        # quiet is praise of a fan or keys; only "too quiet" (or too loud) is a complaint about the sound of a part
        ("The fan is quiet even under load.", "en", False),
        ("The keys are quiet and don't stick.", "en", False),
        ("The fan is loud.", "en", False),
        ("The speakers are too quiet.", "en", True),
        ("The fan is too loud.", "en", True),
        ("De ventilator is stil, ook onder belasting.", "nl", False),
        ("De speakers zijn luid en helder.", "nl", False),
        ("De ventilator is te luid.", "nl", True),
        # an opinion that replaces a positive word reaches the clear-negative threshold exactly
        ("De speakers zijn te stil.", "nl", True),
    ],
)
def test_loud_and_quiet_judge_no_part_unless_too(text: str, language: str, found: bool) -> None:
    """A part's sound is a complaint when it is too loud or too quiet; loud speakers and a quiet fan are praise."""
    assert ("defect" in codes(text, language)) is found


@pytest.mark.parametrize(
    "text, language, found",
    [
        ("The price was a bit high but the build quality justifies it.", "en", False),
        ("De prijs is hoog, maar de kwaliteit rechtvaardigt de prijs.", "nl", False),
        ("The price is too high and nothing justifies it.", "en", True),
    ],
)
def test_a_quality_that_justifies_the_price_concedes_it(text: str, language: str, found: bool) -> None:
    """"justifies the price" is a value verdict like "worth it": the customer concedes the price."""
    assert ("price" in codes(text, language)) is found
