"""Issue 13, Dutch round 3: post, restaurant and product idioms without an evaluative word (own sentences)."""

from __future__ import annotations

import pytest

from insight_service.analysis import sentiment_score


def nl(text: str) -> float:
    """Sentiment score of a Dutch text."""
    return sentiment_score(text, language="nl")


@pytest.mark.parametrize("text", ["De minister draait eromheen.", "Hij bleef er omheen draaien.",
                                  "Hoe lang nog?", "Hoe lang nog moeten de bewoners wachten?",
                                  "Dit voorstel raakt kant noch wal."])
def test_evasion_and_exasperation_in_posts_are_criticism(text: str) -> None:
    """"draait eromheen", a rhetorical "hoe lang nog?", "kant noch wal": criticism without an opinion word."""
    assert nl(text) < -0.05


@pytest.mark.parametrize("text", ["Een historische dag voor ons land.", "Dit is een grote stap vooruit."])
def test_progress_named_in_posts_is_praise(text: str) -> None:
    """"een stap vooruit", "een historische dag": good news in a public post."""
    assert nl(text) > 0.05


def test_a_farewell_outweighs_its_affection() -> None:
    """A condolence is sad although it is written with warm words ("Rust zacht, lieve vriend")."""
    assert nl("Rust zacht, lieve vriend.") < -0.05


@pytest.mark.parametrize("text", ["Het vlees stonk.", "Het stonk er naar frituurvet.",
                                  "We zaten aan een tochtig tafeltje bij de deur.",
                                  "De bediening was nergens te bekennen.",
                                  "De kleur is heel anders dan op de foto."])
def test_review_complaints_without_an_evaluative_word(text: str) -> None:
    """The past of "stinken", a draught, staff that cannot be found, a product unlike its picture."""
    assert nl(text) < -0.05


@pytest.mark.parametrize("text", ["Werkt als een trein.", "De verbouwing loopt als een trein."])
def test_running_like_a_train_is_praise(text: str) -> None:
    """"werkt/loopt als een trein": runs smoothly."""
    assert nl(text) > 0.05


@pytest.mark.parametrize("text", ["De burgers worden al jaren aan het lijntje gehouden.",
                                  "De minister houdt zich doof voor de noodkreet van de boeren.",
                                  "Het is vijf voor twaalf voor het klimaat.",
                                  "Gemeenten komen om in de regels.",
                                  "De prijs is er dan ook naar.", "De service is er ook naar.",
                                  "De kok denkt dat hij God is.", "Het servet zat vol vlekken."])
def test_idioms_of_criticism_without_an_evaluative_word(text: str) -> None:
    """Being strung along, playing deaf, the eleventh hour, "het is er (dan) ook naar", a cook who thinks he is God."""
    assert nl(text) < -0.05


@pytest.mark.parametrize("text", ["Petje af voor alle vrijwilligers.", "In gedachten bij de nabestaanden."])
def test_tributes_and_condolences_in_posts(text: str) -> None:
    """"Petje af" is a tribute (praise); "in gedachten bij" a condolence (sad)."""
    assert (nl(text) > 0.05) is text.startswith("Petje")
    assert abs(nl(text)) > 0.05


def test_the_time_five_to_twelve_is_no_alarm() -> None:
    """Only "is vijf voor twaalf" is the idiom; a time of day says nothing."""
    assert abs(nl("We vertrekken om vijf voor twaalf.")) < 0.05


@pytest.mark.parametrize("text", ["Dat plan is een pleister op een houten been.",
                                  "De partij heeft zelf boter op het hoofd.",
                                  "In de trein stonden we als haringen in een ton.",
                                  "De stoel is binnen een maand uit elkaar gevallen.",
                                  "De burgemeester rept met geen woord over de kosten.",
                                  "De bezwaren van de bewoners worden weggewuifd.",
                                  "Het pakket kwam twee dagen later dan verwacht."])
def test_more_idioms_of_failure_and_blame(text: str) -> None:
    """A useless remedy, hypocrisy, a crowd, a product that falls apart, silence, concerns waved away, a delay."""
    assert nl(text) < -0.05


@pytest.mark.parametrize("text", ["Het pakket kwam een dag eerder dan verwacht.",
                                  "Een mijlpaal voor de gemeente: het duizendste huis is af."])
def test_earlier_than_expected_and_a_milestone_are_good_news(text: str) -> None:
    """"eerder dan verwacht" (not a counterfactual "had verwacht") and a milestone reached."""
    assert nl(text) > 0.05
