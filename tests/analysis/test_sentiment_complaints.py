"""Analyzer 2.1.0: complaints without an evaluative word (service not given, waiting, prices) and public posts."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze, sentiment_score


def label(text: str, language: str) -> str:
    """Sentiment label of a text through the public API."""
    return analyze(text, language=language).sentiment.label


@pytest.mark.parametrize(
    "text, language",
    [("We werden niet bediend.", "nl"), ("Er werd niet gevraagd of het gesmaakt had.", "nl"),
     ("Het personeel was totaal niet geïnteresseerd.", "nl"), ("Er werd geen wijnkaart aangeboden.", "nl"),
     ("Een sausje krijg je hier niet.", "nl"), ("We were never greeted.", "en"),
     ("We were not seated for twenty minutes.", "en"), ("Nobody apologized.", "en"),
     ("De minister antwoordt niet.", "nl"), ("Niemand belde terug.", "nl"), ("De winkel reageerde nooit.", "nl"),
     ("Nobody called back.", "en"), ("The shop never replied.", "en")],
)
def test_service_not_given_is_a_complaint(text: str, language: str) -> None:
    """A negated verb of service (served, greeted, asked, offered, got) is a complaint, like a negated 'works'."""
    assert label(text, language) == "negative"


@pytest.mark.parametrize(
    "text, language",
    [("We werden netjes bediend.", "nl"), ("De wijnkaart werd meteen aangeboden.", "nl"),
     ("We were greeted at the door.", "en")],
)
def test_service_given_states_no_complaint(text: str, language: str) -> None:
    """The same verbs unnegated are no complaint."""
    assert label(text, language) != "negative"


@pytest.mark.parametrize(
    "text, language",
    [("Bestelling kwam na anderhalf uur.", "nl"), ("Het eten kwam na twee uur.", "nl"),
     ("The food came after two hours.", "en"), ("We waited several hours for the technician.", "en")],
)
def test_spelled_count_before_a_stretch_of_time_leans_negative(text: str, language: str) -> None:
    """'twee uur', 'anderhalf uur', 'two hours' count like '2 uur' (rules.yaml after_number): waiting."""
    assert sentiment_score(text, language=language) < 0


@pytest.mark.parametrize(
    "text, language",
    [("Je leest het in een keer uit.", "nl"), ("We gaan nog een keer.", "nl")],
)
def test_once_and_again_are_no_count(text: str, language: str) -> None:
    """'in een keer' (in one go) and 'nog een keer' (again) count nothing."""
    assert sentiment_score(text, language=language) >= 0


@pytest.mark.parametrize(
    "text, language",
    [("Een biertje waar ze 8 euro voor vroegen.", "nl"), ("Het glas wijn kostte 9 euro.", "nl"),
     ("The bottle of house wine was 40 dollars.", "en")],
)
def test_a_stated_price_without_praise_leans_negative(text: str, language: str) -> None:
    """A price quoted in feedback without praise is mostly a complaint about it; the lean stays inside neutral."""
    score = sentiment_score(text, language=language)
    assert -0.05 < score < 0


@pytest.mark.parametrize(
    "text, language",
    [("Voor 20 euro een prima menu.", "nl"), ("Great meal for 20 dollars.", "en")],
)
def test_a_price_with_praise_stays_positive(text: str, language: str) -> None:
    """Praise outweighs the price's lean."""
    assert label(text, language) == "positive"


@pytest.mark.parametrize(
    "text, expected",
    [("Na een uur nog niets gekregen.", "negative"), ("Voor die prijs mag je meer verwachten.", "negative"),
     ("Pas na aandringen kregen we de kaart.", "negative"), ("Het nagerecht, wat tegenviel, was koud.", "negative"),
     ("Als klap op de vuurpijl een grote mond van de ober.", "negative"),
     ("Gezelligheid is hier mijlenver te zoeken.", "negative"), ("Er zijn betere zaken in de stad.", "negative"),
     ("Onze ontdekking van het jaar.", "positive"), ("Tot nog eens!", "positive")],
)
def test_dutch_restaurant_idioms(text: str, expected: str) -> None:
    """General Dutch idioms of restaurant feedback: waiting with nothing, value, forced service, farewells."""
    assert label(text, "nl") == expected


@pytest.mark.parametrize(
    "text, expected",
    [("Gefeliciteerd met dit resultaat.", "positive"), ("Hulde aan alle vrijwilligers.", "positive"),
     ("Diep geschokt door het nieuws.", "negative"), ("Weer een schandaal bij het ministerie.", "negative"),
     ("Het kabinet laat de regio in de steek.", "negative"), ("Per ongeluk op verzenden geklikt.", "neutral")],
)
def test_dutch_public_post_vocabulary(text: str, expected: str) -> None:
    """Congratulations, condolences, scandals and abandonment in posts by public figures."""
    assert label(text, "nl") == expected


@pytest.mark.parametrize(
    "text, expected",
    [("Congratulations on this result.", "positive"), ("Deeply shocked by the news.", "negative"),
     ("Another scandal at the ministry.", "negative")],
)
def test_english_public_post_vocabulary(text: str, expected: str) -> None:
    """The English counterparts, which the lexicons already knew."""
    assert label(text, "en") == expected


@pytest.mark.parametrize(
    "text, language, expected",
    [("Ik verwachtte meer bieren, maar dat was niet het geval.", "nl", "negative"),
     ("I expected a quiet room, but that was not the case.", "en", "negative"),
     ("En dan durven ze nog een fooi te vragen.", "nl", "negative"),
     ("And then they had the nerve to ask for a tip.", "en", "negative"),
     ("Een stel stumpers in de bediening.", "nl", "negative"), ("Een plek voor fijnproevers.", "nl", "positive"),
     ("Het interieur is orgineel.", "nl", "positive")],
)
def test_denied_expectations_indignation_and_staff_words(text: str, language: str, expected: str) -> None:
    """An expectation denied ('niet het geval'), indignation ('durven ze'), and words for staff and guests."""
    assert label(text, language) == expected


@pytest.mark.parametrize(
    "text, language",
    [("Don't miss it.", "en"), ("Go rent it.", "en"), ("Give it a try.", "en"), ("Niet te missen.", "nl"),
     ("Ga het zien.", "nl"), ("Zeker proberen.", "nl")],
)
def test_imperative_recommendation_praises(text: str, language: str) -> None:
    """Telling the reader to go and see, rent or try something recommends it without an evaluative word."""
    assert label(text, language) == "positive"


@pytest.mark.parametrize(
    "text, expected",
    [("Ok, this is my first camera.", "neutral"), ("It's ok.", "neutral"), ("It's ok, works great.", "positive"),
     ("I always shoot using the lcd panel.", "neutral"), ("You can drag and drop files onto it.", "neutral")],
)
def test_english_lukewarm_ok_and_product_senses(text: str, expected: str) -> None:
    """'ok' is lukewarm (like 'okay'), and camera 'shoot' or 'drag and drop' judge nothing."""
    assert label(text, "en") == expected


@pytest.mark.parametrize(
    "text, language, expected",
    [("Het kabinet laat een puinhoop en een kaalslag in de zorg achter.", "nl", "negative"),
     ("Wat een blunder van de minister.", "nl", "negative"), ("Welverdiend kampioen!", "nl", "positive"),
     ("Weer verloren, een pijnlijke nederlaag.", "nl", "negative"), ("Het nieuws van vandaag.", "nl", "neutral"),
     ("Goed nieuws voor de boeren.", "nl", "positive"), ("Een spannende oorlogsroman.", "nl", "positive"),
     ("What a blunder by the minister.", "en", "negative"), ("Well deserved champions!", "en", "positive"),
     ("Today's news.", "en", "neutral")],
)
def test_public_and_political_post_vocabulary(text: str, language: str, expected: str) -> None:
    """Criticism and sport results judge; 'nieuws' names news, and war in a book review is its topic."""
    assert label(text, language) == expected


@pytest.mark.parametrize(
    "text, language",
    [("We werden over het hoofd gezien.", "nl"), ("Een gepeperde rekening.", "nl"),
     ("Er was geen aandacht voor de gasten.", "nl"), ("We werden links laten liggen door de ober.", "nl"),
     ("We were overlooked by the waiter.", "en"), ("We were ignored by the waiter.", "en")],
)
def test_being_ignored_and_overcharged(text: str, language: str) -> None:
    """Being overlooked or left alone by staff, and a steep bill, are complaints without an evaluative adjective."""
    assert label(text, language) == "negative"


@pytest.mark.parametrize(
    "text, language",
    [("Exactly what I wanted.", "en"), ("Works for me.", "en"), ("I would order it again.", "en"),
     ("Precies wat ik zocht.", "nl"), ("Werkt voor mij.", "nl"), ("Ik zou het weer kopen.", "nl")],
)
def test_need_met_and_repurchase_intent_praise(text: str, language: str) -> None:
    """A need met or the wish to buy again states satisfaction without an evaluative word."""
    assert label(text, language) == "positive"


@pytest.mark.parametrize(
    "text, language",
    [("I would never order it again.", "en"), ("Ik zou het nooit weer bestellen.", "nl")],
)
def test_negated_repurchase_intent_is_a_complaint(text: str, language: str) -> None:
    """Negated, the same intent is a complaint."""
    assert label(text, language) == "negative"


@pytest.mark.parametrize(
    "text, language, expected",
    [("Who in their right mind would buy this?", "en", "negative"),
     ("Hij haalt het in zijn hoofd om geld te vragen voor kraanwater.", "nl", "negative"),
     ("The acting is blah.", "en", "negative"), ("The comedy is unmatched.", "en", "positive"),
     ("De service is onverslaanbaar.", "nl", "positive"), ("Een ongeevenaard uitzicht.", "nl", "positive")],
)
def test_rhetorical_disbelief_and_superlatives_without_a_scale_word(text: str, language: str, expected: str) -> None:
    """'Who in their right mind', 'wie haalt het in zijn hoofd' are complaints; 'unmatched' is praise, not absence."""
    assert label(text, language) == expected


@pytest.mark.parametrize(
    "text, language, expected",
    [("Geen internet vandaag #ergernis", "nl", "negative"), ("De trein rijdt niet #boos", "nl", "negative"),
     ("No wifi again #annoyed", "en", "negative"), ("Never late, never rude #happy", "en", "positive"),
     ("Niet #blij met deze update", "nl", "negative"), ("Not #happy with this update", "en", "negative")],
)
def test_closing_hashtag_is_not_negated_by_the_text_before_it(text: str, language: str, expected: str) -> None:
    """A hashtag that closes a post comments on it; a hashtag inside the sentence is negated like a word."""
    assert label(text, language) == expected


@pytest.mark.parametrize(
    "text, language",
    [("Bedankt voor niets.", "nl"), ("Goede service? Niet dus.", "nl"), ("Lekker dan.", "nl"),
     ("Mooi niet dat ik hier terugkom.", "nl"), ("Thanks for nothing.", "en"), ("Yeah right.", "en")],
)
def test_sarcasm_formulae_are_complaints(text: str, language: str) -> None:
    """Thanks and praise formulae that mean the opposite ('bedankt voor niets', 'niet dus', 'lekker dan')."""
    assert label(text, language) == "negative"
