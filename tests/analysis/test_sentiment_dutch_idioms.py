"""Issue 13, Dutch round 2: irony, separable verbs, speed beside a failure, review and post idioms (own sentences)."""

from __future__ import annotations

import pytest

from insight_service.analysis import sentiment_score
from insight_service.analysis.wordinfo import resolve


def nl(text: str) -> float:
    """Sentiment score of a Dutch text."""
    return sentiment_score(text, language="nl")


@pytest.mark.parametrize("text", ["Gezellig is anders.", "Lekker was anders.", "Vriendelijk is anders, zeg."])
def test_an_ironic_denial_turns_the_fronted_opinion(text: str) -> None:
    """"Gezellig is anders": the opinion word opens the clause and "is anders" at its end denies it."""
    assert nl(text) < -0.05


@pytest.mark.parametrize("text", ["Het is anders heel lekker.", "De smaak is anders dan verwacht, maar lekker."])
def test_anders_elsewhere_denies_nothing(text: str) -> None:
    """Only a clause-final "is anders" after a fronted opinion word is the ironic denial."""
    assert nl(text) > 0.05


@pytest.mark.parametrize("text", ["Fijn, weer geen internet.", "Geweldig, weer file.",
                                  "Lekker hoor, alweer vertraging.",
                                  "Top, weer een storing."])
def test_opening_praise_before_again_and_trouble_is_irony(text: str) -> None:
    """"Fijn, weer geen internet": praise that opens a sentence and is followed by "weer" and trouble."""
    assert nl(text) < -0.05


@pytest.mark.parametrize("text", ["Top, weer gewonnen!", "Mooi, weer een overwinning.", "Fijn, de trein rijdt weer."])
def test_opening_praise_before_again_and_good_news_stays_praise(text: str) -> None:
    """Without trouble after "weer" the praise is sincere."""
    assert nl(text) > 0.05


@pytest.mark.parametrize("text", ["Het scherm krast snel.", "De stof pluist erg snel.", "Het wordt snel vies.",
                                  "Ik verveelde me snel.", "De verf bladdert snel af."])
def test_speed_beside_a_failure_makes_it_worse(text: str) -> None:
    """"krast snel": speed says how soon the failure comes, it is no praise."""
    assert nl(text) < -0.3


@pytest.mark.parametrize("text", ["Snel geleverd.", "Retour was snel en makkelijk geregeld.",
                                  "Slecht verpakt maar snel geleverd."])
def test_speed_of_service_stays_praise(text: str) -> None:
    """Speed of a delivery or a return, also after a copula, praises."""
    assert nl(text) > 0.05


@pytest.mark.parametrize("text", ["Het valt heel erg mee.", "Het viel me alles mee.", "Het valt best mee."])
def test_a_separable_verb_with_adverbs_between_is_still_relief(text: str) -> None:
    """"valt heel erg mee" is "valt mee" with an intensifier inside; "erg" alone is not the complaint."""
    assert nl(text) > 0.05


@pytest.mark.parametrize("text, sign", [("Nog nooit zoiets moois gezien.", 1),
                                        ("Nog nooit zoiets slechts meegemaakt.", -1)])
def test_never_such_a_thing_is_a_record_not_a_negation(text: str, sign: int) -> None:
    """"nog nooit zoiets moois": the best ever; "iets slechts" is the partitive of "slecht", not "only"."""
    assert nl(text) * sign > 0.05


@pytest.mark.parametrize("text", ["Er ontbrak niets.", "Ik heb niets te klagen.", "Voor dit geld kun je niet klagen.",
                                  "Er mankeert niks aan.", "Niets was te veel gevraagd."])
def test_nothing_missing_nothing_to_complain_about_is_praise(text: str) -> None:
    """A negative word turned by a negator after it ("ontbrak niets") or a service that did not mind any request."""
    assert nl(text) > 0.05


@pytest.mark.parametrize("text", [
    "Het eten was niet wat ik verwacht had.", "Voor deze prijs verwacht je toch wat meer.",
    "Het is niet meer wat het was.", "De kwaliteit is sterk achteruitgegaan.", "Ik ben er niet over te spreken.",
    "De verwachtingen werden niet waargemaakt.", "Het plan deugt niet.", "Het stoffen hoesje voelt goedkoop aan.",
    "Het oogt goedkoop.", "Een maaltijd om snel te vergeten.", "Mooi interieur, maar daar houdt het op.",
    "Dit was de eerste en laatste keer.", "De saus kwam uit een pakje.", "Het brood werd apart aangerekend.",
    "Ze doen alsof hun neus bloedt.", "Ze doen er niks aan.", "Het personeel liep er de kantjes vanaf.",
    "Het personeel deed alsof we lucht waren.", "Dat noem ik geen service.", "Goedkoop is duurkoop.",
    "Het is goed mis.", "De maat is vol.", "Dit is dweilen met de kraan open.", "Ze steken de kop in het zand.",
    "Een druppel op een gloeiende plaat.", "Veel woorden, weinig daden.", "De kosten rijzen de pan uit.",
    "Wat een wanvertoning.", "Ik ben het spuugzat.", "Ik word er gek van.", "Epic fail.", "Duim omlaag.",
    "Ik ben er niet weg van.", "Ik raad het iedereen af.", "Het werd drie keer uitgesteld.", "De sla was verwelkt.",
    "Het concert viel in het water.", "Het verhaal kwam maar niet op gang.", "Ik wacht nog steeds op mijn geld.",
    "Het is mij een raadsel waarom dit werkt.", "Wat een rotdag.",
    "Daar klopt echt niks van, het slaat echt nergens op.",
    "Ik had hem nooit moeten kopen.", "Het lijkt mooi, maar schijn bedriegt.", "Simpel en dat is ook alles.",
    "De router valt steeds uit.", "Loopt vaak vast.", "Ik heb er meer last dan gemak van.", "Goedkoop spul.",
    "De herrie is niet te harden.", "Een verslechtering ten opzichte van het vorige model.",
])
def test_complaint_idioms(text: str) -> None:
    """Complaints of restaurant, product and post Dutch that carry no plain evaluative word, or hide it."""
    assert nl(text) < -0.05


@pytest.mark.parametrize("text", [
    "De jurk zit als gegoten.", "Werkt als een zonnetje.", "Na tien keer wassen nog als nieuw.",
    "Een tien met een griffel.", "Een dikke voldoende.", "Alles liep op rolletjes.", "Alles klopte.",
    "Het lamsvlees was boterzacht.", "Er zat veel smaak aan.", "De accu gaat jaren mee.", "Alles was naar wens.",
    "We werden als koningen ontvangen.", "We werden als oude vrienden ontvangen.",
    "Uitgebreide kaart met voor elk wat wils.",
    "Dit is ons vaste adresje geworden.", "Hier heb ik echt wat aan.", "Daar kun je u tegen zeggen!",
    "Ik ben er helemaal weg van.", "Dikke duim!", "Twijfel niet en koop het.", "Strak georganiseerd.",
    "Geknipt voor een lange autorit.", "Het boek in een ruk uitgelezen.", "Vandaag de prijs mogen ontvangen. Een eer!",
    "Wat een topdag!", "Een plek om te koesteren.", "Had ik dit maar eerder gekocht!",
    "Ik snap niet hoe ik het zo lang zonder gekund heb.",
    "Loopt nooit vast.", "De software werkt intuïtief.", "Die smaak is niet te evenaren.",
])
def test_praise_idioms(text: str) -> None:
    """Praise figures of reviews and posts."""
    assert nl(text) > 0.05


@pytest.mark.parametrize("word", ["moeder", "thuis", "rechtstreeks", "naast", "apart", "verstoppertje", "geknipt",
                                  "lam",
                                  "reinste", "puree"])
def test_words_pattern_read_as_opinions_judge_nothing(word: str) -> None:
    """Family, places, a game, a cut, lamb on a menu, "je reinste" (an intensifier) and mashed potato judge nothing."""
    assert resolve(word, "nl")[0] == 0


def test_je_reinste_intensifies() -> None:
    """"je reinste puin" is rubbish, not praise through "rein"."""
    assert nl("Het einde was je reinste puin.") < -0.3


def test_duidelijk_before_a_negation_strengthens_it() -> None:
    """"duidelijk geen zin": an adverb of certainty, not praise of clarity; alone it still praises."""
    assert nl("Het personeel had er duidelijk geen zin in.") < -0.3
    assert nl("De uitleg is duidelijk.") > 0.05


@pytest.mark.parametrize("text", ["The nomad can hold any type of file.", "It falls apart after a week."])
def test_dutch_senses_are_not_lent_to_english(text: str) -> None:
    """"file" (a traffic jam) and "apart" (separately) are Dutch senses; English text keeps its own."""
    score = sentiment_score(text, language="en")
    assert score > -0.05 if "file" in text else score < -0.05


@pytest.mark.parametrize("text", ["Ik had een spannend boek verwacht.", "Ik had verwacht dat het gezellig zou zijn.",
                                  "We hadden gehoopt op een gezellige avond."])
def test_an_expectation_stated_with_had_was_not_met(text: str) -> None:
    """"ik had een spannend boek verwacht": the praise is what was expected, not what came."""
    assert nl(text) < -0.05


@pytest.mark.parametrize("text", ["Ik had niet verwacht dat het zo lekker zou zijn.",
                                  "Het was beter dan ik had verwacht.",
                                  "Het was lekker, zoals ik had verwacht.", "Ik verwacht een mooi boek."])
def test_a_surprise_a_comparison_or_a_plain_expectation_keeps_the_praise(text: str) -> None:
    """"had niet verwacht dat het zo lekker was" is a pleasant surprise ("verwacht" raises no negation, like
    English "expect"); a comparison or "zoals" keeps what was expected."""
    assert nl(text) > 0.05


@pytest.mark.parametrize("word", ["liever", "liefst", "normaal"])
def test_preference_and_normal_judge_nothing(word: str) -> None:
    """"liever", "het liefst" state a preference (often a wish), "normaal" is no praise."""
    assert resolve(word, "nl")[0] == 0


@pytest.mark.parametrize("text", ["Er hing veel vet aan de ribbetjes.", "De kroket druipt van het vet."])
def test_fat_food_is_a_complaint(text: str) -> None:
    """The noun "vet" on a plate is no slang praise."""
    assert nl(text) < -0.05


@pytest.mark.parametrize("text, sign", [
    ("Echt de moeite!", 1), ("Niet de moeite.", -1), ("Dat was de max!", 1), ("Brol.", -1),
    ("Wij zijn fier op onze chef.", 1), ("Een ferme tegenvaller.", -1), ("We hebben niet lang moeten wachten.", 1),
    ("De porties waren meer dan voldoende.", 1), ("Voor mij hoeft het niet meer.", -1),
    ("Prijs-kwaliteit ver zoek.", -1),
    ("De frieten waren niet gebakken.", -1), ("Er werd niet afgeruimd.", -1),
])
def test_belgian_dutch_and_service_at_table(text: str, sign: int) -> None:
    """Belgian Dutch review words ("de moeite", "brol", "fier", "een ferme ...") and service at the table."""
    assert nl(text) * sign > 0.05


@pytest.mark.parametrize("text, sign", [("Kwaliteit voor een lage prijs.", 1), ("Scherpe prijzen.", 1),
                                        ("Matig product voor een hoge prijs.", -1)])
def test_a_low_price_praises_and_a_high_one_complains(text: str, sign: int) -> None:
    """"laag" alone is a low level; before "prijs" it is praise."""
    assert nl(text) * sign > 0.05


@pytest.mark.parametrize("text", ["Het enige positieve was de wijn.", "Enig pluspunt: de ligging.",
                                  "Het enige wat goed was, was de koffie.", "Het eten was goed, de rest niet."])
def test_the_only_good_point_damns_the_rest(text: str) -> None:
    """"het enige positieve": a restrictor before praise says there was nothing else to praise."""
    assert nl(text) < -0.05


def test_no_drawback_at_all_is_praise() -> None:
    """"geen enkel minpunt": the drawback word is denied."""
    assert nl("Geen enkel minpunt.") > 0.05
