"""Pain-point rules of analyzer 2.1.0: service narratives, use/see/read, wishes, heat, size vs photo, demo misses."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze


def codes(text: str, language: str) -> set[str]:
    """Pain-point codes found in a text."""
    return {p.code for p in analyze(text, language=language).pain_points}


@pytest.mark.parametrize(
    "text, language",
    [
        ("They told me it was my fault the screen went black.", "en"),
        ("Support says there is nothing they can do about it.", "en"),
        ("They kept it for two months and returned it unrepaired.", "en"),
        ("I waited and waited and heard nothing.", "en"),
        ("No one could tell me when the part would arrive.", "en"),
        ("They have not called since.", "en"),
        ("They had me send it in twice before anyone looked at it.", "en"),
        ("Volgens de winkel was het mijn eigen schuld.", "nl"),
        ("Ik bel al weken en niemand neemt op.", "nl"),
        ("Helpdesk gebeld, maar nog steeds geen resultaat.", "nl"),
        ("Ik heb hem al drie keer opgestuurd.", "nl"),
        ("De winkel zegt dat ze niets kunnen doen.", "nl"),
    ],
)
def test_service_narratives_without_a_complaint_word(text: str, language: str) -> None:
    """Blame put on the customer, nothing done, kept waiting, no one answering, sent in again: service."""
    assert "customer_service" in codes(text, language)


@pytest.mark.parametrize(
    "text, language",
    [
        ("The staff were friendly and it was all my own choice.", "en"),
        ("We called the shop and they fixed it in a day.", "en"),
        ("De winkel nam meteen op en hielp me goed.", "nl"),
        ("Dit boek is de moeite niet waard.", "nl"),
        ("Niet de moeite waard om te lezen.", "nl"),
        ("Don't bother calling support, just buy another brand.", "en"),
    ],
)
def test_praise_and_effort_verdicts_are_no_service_or_price_complaint(text: str, language: str) -> None:
    """Service that was given is no complaint; "niet de moeite waard" judges the effort, not the price."""
    assert codes(text, language).isdisjoint({"customer_service", "price"})


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("It is absolutely horrible to use.", "en", "usability"),
        ("The keys are too dark to see in a dim room.", "en", "usability"),
        ("The edges hurt my wrists.", "en", "usability"),
        ("Het scherm is veel te fel.", "nl", "usability"),
        ("Battery life could be better.", "en", "battery"),
        ("De batterijduur kan beter.", "nl", "battery"),
        ("The battery gets so hot it is scary.", "en", "battery"),
        ("The charging case won't charge anymore.", "en", "battery"),
        ("It burned my legs within minutes.", "en", "defect"),
        ("Needs constant repair.", "en", "defect"),
        ("Het plastic is na een week gebarsten.", "nl", "defect"),
        ("Het barst van de spelfouten.", "nl", "defect"),
        ("Groter dan op de foto.", "nl", "size_fit"),
        ("Much smaller than pictured.", "en", "size_fit"),
    ],
)
def test_rules_for_use_wishes_heat_repairs_and_size(text: str, language: str, code: str) -> None:
    """How a thing is to use or see, wishes about battery life, heat and repeats, a size unlike the picture."""
    assert code in codes(text, language)


@pytest.mark.parametrize(
    "text, language, not_code",
    [
        ("Het display is veel te fel.", "nl", "defect"),
        ("The display is too bright at night.", "en", "defect"),
        ("Het plastic voelt goedkoop aan.", "nl", "packaging"),
        ("Goedkoop plastic, gaat snel kapot.", "nl", "packaging"),
        ("Nee, dit was een miskoop.", "nl", "defect"),
        ("It was easy to use from day one.", "en", "usability"),
        ("Kleiner dan op de foto, maar dat vind ik juist fijn.", "nl", "defect"),
    ],
)
def test_misreadings_that_were_fixed(text: str, language: str, not_code: str) -> None:
    """Brightness is a design choice, plastic alone is the product's material, a bad buy names no defect."""
    assert not_code not in codes(text, language)


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("Alles zat in plastic verpakt, veel te veel plastic.", "nl", "packaging"),
        ("Het plastic is kapot.", "nl", "defect"),
    ],
)
def test_plastic_as_wrapping_or_material(text: str, language: str, code: str) -> None:
    """Plastic wrapping stays packaging; broken plastic is the product."""
    assert code in codes(text, language)


@pytest.mark.parametrize(
    "text, language",
    [
        ("I bought the charging case just in case my old one breaks.", "en"),
        ("Much faster than my old laptop that died on me.", "en"),
        ("Ik heb een beschermhoes gekocht voor het geval hij valt.", "nl"),
    ],
)
def test_in_case_and_an_old_product_still_count_for_nothing(text: str, language: str) -> None:
    """"Just in case" stays hypothetical and "my old laptop that died" another product."""
    assert codes(text, language) == set()


def test_a_relative_clause_ends_the_old_product_marker() -> None:
    """"The previous comment that support is horrible": the support is this product's, not an old one's."""
    assert "customer_service" in codes("Read the previous reviews which say tech support is horrible.", "en")
    assert codes("My old tech support was horrible.", "en") == set()
    assert "customer_service" in codes("Ik ben het eens met de vorige review die zegt dat de helpdesk slecht is.",
                                       "nl")


@pytest.mark.parametrize(
    "text, language, not_code",
    [
        ("The charger died one month after the warranty expired.", "en", "customer_service"),
        ("Na een jaar was de garantie verlopen en toen ging hij kapot.", "nl", "customer_service"),
        ("Not worth it one bit.", "en", "price"),
    ],
)
def test_an_expired_warranty_and_not_worth_it_name_no_service_or_price(text: str, language: str,
                                                                       not_code: str) -> None:
    """A warranty that ran out is a date; "not worth it" is a verdict on the whole product, not on its price."""
    assert not_code not in codes(text, language)


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("The two ports on the side only work now and then.", "en", "defect"),
        ("I would spend a little extra to get a better made laptop.", "en", "defect"),
        ("The battery is not worth the money, it only lasts an hour.", "en", "battery"),
    ],
)
def test_a_complaint_with_a_praise_word_in_it_still_counts(text: str, language: str, code: str) -> None:
    """"Only work now and then", "better made": the praise word inside a complaint turns nothing unless negated."""
    assert code in codes(text, language)


@pytest.mark.parametrize(
    "text, language",
    [
        ("I have not had a problem with the applications quitting or freezing.", "en"),
        ("I have had no problems with it crashing.", "en"),
        ("Ik heb nooit problemen gehad met vastlopen.", "nl"),
        ("Nooit last van oververhitting.", "nl"),
        ("The processor doesn't seem to run hot.", "en"),
    ],
)
def test_a_denied_problem_or_a_negated_opinion_is_no_pain_point(text: str, language: str) -> None:
    """"Never had a problem with it freezing": the failure after a denied problem is denied too."""
    assert codes(text, language) == set()


def test_a_denied_problem_leaves_the_next_clause_alone() -> None:
    """Only the clause that denies the problem is cleared."""
    assert "defect" in codes("No problem with the screen, but the keyboard broke.", "en")


@pytest.mark.parametrize(
    "text, language, not_code",
    [
        ("Dit boek bezorgt je alleen maar kromme tenen.", "nl", "delivery"),
        ("Erg saai om te lezen.", "nl", "usability"),
        ("The story is boring to read.", "en", "usability"),
    ],
)
def test_causing_and_content_words_are_no_delivery_or_usability(text: str, language: str, not_code: str) -> None:
    """"Bezorgt" as "causes" names no delivery; a boring read is content, not how the product is to use."""
    assert not_code not in codes(text, language)


def test_a_late_parcel_is_still_delivery() -> None:
    """The delivery words that remain still find a late parcel."""
    assert "delivery" in codes("Het pakket werd veel te laat bezorgd.", "nl")
    assert "delivery" in codes("De bezorging duurde erg lang.", "nl")


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("None of the techs knew what they were doing.", "en", "customer_service"),
        ("Niemand van de winkel heeft ons geholpen.", "nl", "customer_service"),
        ("I asked for a replacement and they refused.", "en", "customer_service"),
        ("You have to tap the pad hard to get it to work.", "en", "usability"),
        ("I can not even read the labels on the keys.", "en", "usability"),
    ],
)
def test_clause_wide_negators_refusals_and_effort_to_use(text: str, language: str, code: str) -> None:
    """"None of the techs knew", "niemand heeft geholpen", "they refused", effort just to make it work."""
    assert code in codes(text, language)


def test_a_clause_wide_negator_after_the_service_verb_does_not_count() -> None:
    """"They helped me and nothing was wrong after": the negator follows the verb, so no refusal."""
    assert "customer_service" not in codes("They helped me quickly and nothing went wrong since.", "en")


@pytest.mark.parametrize(
    "text, language, code",
    [
        ("It is not a reliable machine.", "en", "defect"),
        ("This laptop is junk.", "en", "defect"),
        ("That was the third time I've sent it to them.", "en", "customer_service"),
    ],
)
def test_reliability_verdicts_and_repeated_send_ins(text: str, language: str, code: str) -> None:
    """A device called unreliable or junk is a quality complaint; the Nth time it was sent in, a service one."""
    assert code in codes(text, language)


def test_an_edition_name_is_no_complaint() -> None:
    """"Starter" names a Windows edition; upgrading from it easily reports no software problem."""
    assert "software" not in codes("Upgrading from Windows 7 Starter to Home Premium went without a hitch.", "en")


@pytest.mark.parametrize(
    "text, language",
    [
        ("There is a fuzz sound coming out of the headphone jack.", "en"),
        ("The speakers make a weird noise at high volume.", "en"),
        ("De ventilator rammelt sinds een week.", "nl"),
        ("Hij maakt een raar geluid bij het opstarten.", "nl"),
    ],
)
def test_noises_from_the_device_are_defects(text: str, language: str) -> None:
    """Buzzing, rattling and strange noises are hardware complaints in both languages."""
    assert "defect" in codes(text, language)


def test_cannot_see_the_thing_is_usability_but_cannot_see_myself_is_not() -> None:
    """"Can't see the letters" is a usability complaint; "can't see myself going back" is an idiom."""
    assert "usability" in codes("In the dark I can't see the letters on the keys.", "en")
    assert "usability" not in codes("Now that I switched, I can't see myself going back.", "en")


@pytest.mark.parametrize(
    "text, language",
    [
        ("We werden een kwartier lang genegeerd.", "nl"),
        ("De ober snauwde ons af en gaf geen excuses.", "nl"),
        ("We waren het wachten beu en zijn vertrokken.", "nl"),
        ("The staff ignored us for twenty minutes.", "en"),
        ("The manager yelled at my wife.", "en"),
    ],
)
def test_being_ignored_snapped_at_or_kept_waiting_is_service(text: str, language: str) -> None:
    """Being ignored, snapped or yelled at, given no apology, kept waiting: complaints about service."""
    assert "customer_service" in codes(text, language)


@pytest.mark.parametrize("text, language, code", [
    ("De levering duurde twee weken, slecht!", "nl", "delivery"),
    ("De levering duurde 2 weken, slecht!", "nl", "delivery"),
    ("Delivery took two weeks, bad!", "en", "delivery"),
])
def test_a_clause_that_leans_negative_takes_the_short_verdict_after_it(text, language, code):
    assert code in codes(text, language)


@pytest.mark.parametrize("text, language", [
    ("Levering duurde drie dagen, prima.", "nl"),
    ("Delivery took two days, fine by me.", "en"),
])
def test_a_positive_verdict_after_a_counted_wait_is_no_pain_point(text, language):
    assert "delivery" not in codes(text, language)
