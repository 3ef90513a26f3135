"""Pain-point rules of issue 13, round 6: words that name a product aspect or failure only in a product's sense."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze


def codes(text: str, language: str = "en") -> set[str]:
    """Pain-point codes found in a text."""
    return {p.code for p in analyze(text, language=language).pain_points}


@pytest.mark.parametrize(
    "text, language, other_sense, code",
    [
        # a prefix pattern reached other words: "screen*" a screenplay, "kabel*" a cod, "knop*" tying a knot
        ("The screenplay was terrible and lazy.", "en", True, "defect"),
        ("The screen was terrible and flickered.", "en", False, "defect"),
        ("De kabeljauw was droog en smakeloos.", "nl", True, "defect"),
        ("De kabel is slecht en gebroken.", "nl", False, "defect"),
        ("Er is werkelijk geen touw aan vast te knopen, slecht boek.", "nl", True, "defect"),
        ("De knoppen zijn slecht en wiebelig.", "nl", False, "defect"),
    ],
)
def test_a_prefix_pattern_reaches_no_other_word(text: str, language: str, other_sense: bool, code: str) -> None:
    """Listed forms of a part's name match the part, not longer words that start like it."""
    assert (code not in codes(text, language)) is other_sense


@pytest.mark.parametrize(
    "text, language, other_sense, code",
    [
        # a team's or a band's fans, a film's screen, people shot dead, news that breaks
        ("Their fans were furious and upset after the awful loss.", "en", True, "defect"),
        ("I was never a big fan of that awful show.", "en", True, "defect"),
        ("The fans are noisy and rattle all the time.", "en", False, "defect"),
        ("Two wasted hours in front of the screen, an awful film.", "en", True, "defect"),
        ("Two gunmen were shot dead in a terrible attack.", "en", True, "defect"),
        ("Breaking news: terrible storm hits the coast.", "en", True, "defect"),
        # a drinking glass is no part; "het glas" of a product is
        ("Een glas wijn was lauw en vies.", "nl", True, "defect"),
        ("Het glas van de ovendeur is gebarsten.", "nl", False, "defect"),
        # attention paid to a topic is no attention to the customer
        ("Ik vind het kwalijk dat er geen aandacht wordt geschonken aan de slachtoffers.", "nl", True,
         "customer_service"),
        ("We kregen geen aandacht van het personeel.", "nl", False, "customer_service"),
        # effort and added value cost no money
        ("Het heeft me veel moeite gekost om dit saaie boek uit te lezen.", "nl", True, "price"),
        ("Het heeft veel geld gekost en het is slecht.", "nl", False, "price"),
        # below par and made to measure are no sizes; losing the thread is no lost parcel
        ("Dit verhaal is echt onder de maat, slecht geschreven.", "nl", True, "size_fit"),
        ("De maat is slecht, veel te klein.", "nl", False, "size_fit"),
        ("Halverwege ben ik de draad kwijtgeraakt, saai boek.", "nl", True, "delivery"),
        ("Het pakket is kwijtgeraakt.", "nl", False, "delivery"),
        # the customer refusing is no refusal of service
        ("I refuse to watch this rubbish ever again.", "en", True, "customer_service"),
        ("They refused to replace it.", "en", False, "customer_service"),
        # something taking forever is slow, not a delivery, unless it is to arrive
        ("Loading a page takes forever, so annoying.", "en", True, "delivery"),
        ("The parcel took forever to arrive.", "en", False, "delivery"),
    ],
)
def test_benign_senses(text: str, language: str, other_sense: bool, code: str) -> None:
    """Phrases of another sense hold no complaint; the product's sense still does."""
    assert (code not in codes(text, language)) is other_sense


@pytest.mark.parametrize(
    "text, language",
    [("Sommige onderdelen vond ik saai en langdradig.", "nl"), ("Some parts were boring and predictable.", "en")],
)
def test_what_a_story_is_like_judges_no_part(text: str, language: str) -> None:
    """Parts of a story that are boring or long-winded are no defect."""
    assert "defect" not in codes(text, language)


def test_a_broken_part_is_still_a_defect() -> None:
    """The same part beside a defect stays one."""
    assert "defect" in codes("De onderdelen zijn slecht en gaan snel kapot.", "nl")


@pytest.mark.parametrize(
    "text",
    [
        "Sadly he died last week, terrible news.",
        "My grandfather died in March, awful year.",
        "The film fails on every level.",
        "I sat on dead fish, gross.",
    ],
)
def test_a_person_or_a_work_that_fails_is_no_product(text: str) -> None:
    """A failure whose subject is a person, a work or a group ("he died", "the film fails") is no defect."""
    assert "defect" not in codes(text)


@pytest.mark.parametrize(
    "text, language",
    [
        ("It died after a week.", "en"),
        ("The phone died after a week.", "en"),
        ("We have had nothing but problems with it.", "en"),
        ("Na een week is hij kapot.", "nl"),  # Dutch "hij" is also a device
    ],
)
def test_a_device_or_the_customer_as_subject_keeps_the_failure(text: str, language: str) -> None:
    """The product failing, or the customer having the problems, stays a defect."""
    assert "defect" in codes(text, language)


@pytest.mark.parametrize(
    "text, named",
    [
        ("Watching Evil Dead tonight, so scary.", True),
        ("Tonight we watch Breaking Dawn, terrible film.", True),
        ("It broke down after a day and now it is dead.", False),
    ],
)
def test_a_failure_word_inside_a_title_is_no_failure(text: str, named: bool) -> None:
    """"Evil Dead", "Breaking Dawn" are names: their words report no failure."""
    assert ("defect" not in codes(text)) is named


@pytest.mark.parametrize(
    "text, language, judged",
    [
        ("I was going to use it for school but the reviews are awful.", "en", False),
        ("Tomorrow I am going to see it, terrible reviews though.", "en", False),
        ("Ik hoefde het voor school te lezen, slecht boek.", "nl", False),
        ("The menu is awkward to use.", "en", True),
        ("How awful it is to use!", "en", True),
        ("De letters zijn lastig te lezen.", "nl", True),
    ],
)
def test_only_a_judging_word_before_an_infinitive_judges_it(text: str, language: str, judged: bool) -> None:
    """"awkward to use", "how awful it is to use" judge the use; a verb before it ("going to see") does not."""
    assert ("usability" in codes(text, language)) is judged


@pytest.mark.parametrize(
    "text, language, other_sense, code",
    [
        # a work or a person failing to convey or pass something
        ("The film fails to convey anything, dull.", "en", True, "defect"),
        ("He failed a drug test, terrible.", "en", True, "defect"),
        ("It failed to turn on after a week.", "en", False, "defect"),
        # ripping a CD, switching off oneself, a broken heart
        ("I ripped two CDs last night, awful albums.", "en", True, "defect"),
        ("The cover ripped after a week.", "en", False, "defect"),
        ("I switched off halfway, so boring.", "en", True, "defect"),
        ("It switched off by itself twice.", "en", False, "defect"),
        ("Het verhaal over haar gebroken hart is traag en saai.", "nl", True, "defect"),
        # the customer not caring; a device refusing is its defect, not a refusal of service
        ("I didn't care what happened to the characters.", "en", True, "customer_service"),
        ("They didn't care and hung up on me.", "en", False, "customer_service"),
        ("It refuses to play half my DVDs.", "en", True, "customer_service"),
        ("It refuses to play half my DVDs.", "en", False, "defect"),
        # "run around" is the service's only as "the run around"
        ("We watch them run around and fight, dull and silly.", "en", True, "customer_service"),
        ("We got the run around for weeks from support.", "en", False, "customer_service"),
        # a journey told in hours is no battery life
        ("We were only an hour away from home when the flight was cancelled, awful.", "en", True, "battery"),
        ("The battery lasts only an hour, awful.", "en", False, "battery"),
        # a person's feelings judge no part, also in a neighbouring clause
        ("Look, #Steelers fans, I know you may be upset about the missed kick.", "en", True, "defect"),
        ("My body is exhausted after that walk.", "en", True, "defect"),
        ("The body is cracked and the hinge is loose.", "en", False, "defect"),
        # the subject of a part's complaint decides too
        ("Elke keer wordt het verhaal afgebroken, slecht.", "nl", True, "defect"),
        ("De knop is afgebroken.", "nl", False, "defect"),
    ],
)
def test_other_senses_of_failures_and_people(text: str, language: str, other_sense: bool, code: str) -> None:
    """Failure words said of works, people and their feelings are no product's; the product's sense still is."""
    assert (code not in codes(text, language)) is other_sense


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("The battery recharges really fast and the charger is nice.", False),
        ("The battery drains fast.", True),
        ("The battery charges quickly but drains fast.", True),
    ],
)
def test_a_battery_that_charges_fast_is_praise(text: str, complaint: bool) -> None:
    """"fast" is the drain's complaint; charging fast is praise."""
    assert ("battery" in codes(text)) is complaint


@pytest.mark.parametrize(
    "text, language, found",
    [
        # a warranty that expires dates the complaint beside it; it is not its subject
        ("After the warranty expired the fan started making a horrible noise.", "en", False),
        ("Net nadat de garantie verlopen was, maakte de ventilator een vreselijk lawaai.", "nl", False),
        ("The warranty is terrible, it covers nothing.", "en", True),
        # "support" as a verb is what a product can do; an internet or cell service is a network
        ("The player doesn't support playlists, which is a terrible omission.", "en", False),
        ("Our internet service is awful and slow in this area.", "en", False),
        ("Customer support is terrible and useless.", "en", True),
        ("The customer service was awful and slow.", "en", True),
    ],
)
def test_other_senses_of_service_words(text: str, language: str, found: bool) -> None:
    """An expiring warranty, the verb "support" and a network service are no complaint about the company's service."""
    assert ("customer_service" in codes(text, language)) is found


@pytest.mark.parametrize(
    "text, found",
    [
        ("An annoying screen pops up saying my connection is bad.", False),
        ("The login screen is terrible and confusing.", False),
        ("The screen is terrible and flickers constantly.", True),
    ],
)
def test_a_screen_the_software_shows_is_no_display(text: str, found: bool) -> None:
    """A message, login or start screen is shown by the software; it says nothing about the display."""
    assert ("defect" in codes(text)) is found


@pytest.mark.parametrize(
    "text, code, found",
    [
        # a price class names other products
        ("Many higher priced laptops crash all the time.", "price", False),
        ("In this price range the keyboard is flimsy and broken.", "price", False),
        ("In this price range the keyboard is flimsy and broken.", "defect", True),
        ("The price is ridiculous and way too high.", "price", True),
        # a passion or an illness caught is no program's bug
        ("I got bitten by the photography bug and the camera is awful.", "software", False),
        ("There is a nasty bug in the software that is awful.", "software", True),
    ],
)
def test_a_price_class_and_a_bug_caught(text: str, code: str, found: bool) -> None:
    """"higher priced", "in this price range" describe other products; "bitten by the bug" is a passion."""
    assert (code in codes(text)) is found


@pytest.mark.parametrize(
    "text, language, found",
    [
        ("Slechte frieten, wel zonder meerprijs een extra saus.", "nl", False),
        ("Het eten was slecht en koud, zonder extra kosten kregen we een dessert.", "nl", False),
        ("The awful cable was replaced at no extra cost.", "en", False),
        ("De meerprijs voor de saus was belachelijk hoog.", "nl", True),
    ],
)
def test_at_no_extra_cost_is_no_price(text: str, language: str, found: bool) -> None:
    """Something given at no extra cost ("zonder meerprijs") says nothing bad about a price."""
    assert ("price" in codes(text, language)) is found


def test_no_extra_charge_is_no_battery_charge() -> None:
    """"at no extra charge" is money, not a battery's charge."""
    assert "battery" not in codes("They replaced the awful broken cable at no extra charge.")
