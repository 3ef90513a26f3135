"""Issue 13 (Dutch first): vows, negated excess, counterfactual participles, compound heads, posts' vocabulary."""

from __future__ import annotations

import pytest

from insight_service.analysis import sentiment_score
from insight_service.analysis.wordinfo import resolve


@pytest.mark.parametrize("text", ["Nooit meer!", "Hier bestel ik nooit meer.", "Nooit weer bij deze winkel."])
def test_a_vow_never_to_return_is_a_complaint(text: str) -> None:
    """"nooit meer" with nothing after it to negate vows never to come back or buy again."""
    assert sentiment_score(text, language="nl") < -0.3


@pytest.mark.parametrize("text", ["Nooit meer problemen met de verwarming.", "Sinds de update nooit meer gedoe."])
def test_never_again_before_a_trouble_word_is_relief(text: str) -> None:
    """Before a negative word "nooit meer" is a plain negator: the trouble is over."""
    assert sentiment_score(text, language="nl") > 0


def test_never_again_before_praise_negates_it() -> None:
    """"nooit meer lekker geslapen" denies the praise."""
    assert sentiment_score("Sinds die matras nooit meer lekker geslapen.", language="nl") < -0.05


@pytest.mark.parametrize(
    "text, language",
    [("De jas is niet te groot.", "nl"), ("Er zat geen minuut te veel in.", "nl"),
     ("The coat is not too big.", "en")],
)
def test_a_negated_excess_is_no_complaint(text: str, language: str) -> None:
    """"niet te groot", "not too big": the excess is denied, a mild positive (a plain "te groot" stays negative)."""
    assert sentiment_score(text, language=language) > 0
    assert sentiment_score(text.replace("niet ", "").replace("geen minuut", "een minuut")
                           .replace("not ", ""), language=language) < 0


@pytest.mark.parametrize("text", ["De uitleg had duidelijker gekund.", "De soep had warmer gemoeten.",
                                  "Het had wel wat minder zout gemogen."])
def test_a_counterfactual_participle_turns_praise_into_a_wish(text: str) -> None:
    """"had duidelijker gekund": what could have been better was not good."""
    assert sentiment_score(text, language="nl") < 0


def test_a_denied_comparative_in_a_counterfactual_is_praise() -> None:
    """"had niet mooier gekund": nothing could have been better."""
    assert sentiment_score("Onze trouwdag had niet mooier gekund.", language="nl") > 0.05


@pytest.mark.parametrize("word", ["achtergrondmuziek", "dansleraar", "uiteraard", "reisgenoten", "echtgenote",
                                  "frankrijk", "naarmate", "hele", "supermarkt", "slapen"])
def test_short_words_hiding_in_longer_ones_are_no_heads(word: str) -> None:
    """A head of fewer than five letters ("ziek", "raar", "hel", "rijk") is no compound head after an ordinary
    modifier; "-genoten" heads (companions) and misread inflections ("hele" is of "heel") judge nothing."""
    assert resolve(word, "nl")[0] == 0


@pytest.mark.parametrize("word, sign", [("doodziek", -1), ("doodsaai", -1), ("bloedmooi", 1), ("glutenvrij", 1),
                                        ("klantvriendelijke", 1), ("wijsheden", 1), ("moeilijkheden", -1)])
def test_intensified_short_heads_and_plural_heid_keep_their_valence(word: str, sign: int) -> None:
    """After an intensifying modifier a short head still counts ("doodziek"), "-vrij" is a productive suffix, and
    "-heden" is the plural of "-heid"."""
    assert resolve(word, "nl")[0] * sign > 0


@pytest.mark.parametrize(
    "text, sign",
    [("Wat een held, die buurman!", 1), ("Diep triest dat het zo moest aflopen.", -1),
     ("Dit kan echt niet, minister.", -1), ("Je moet maar durven, zo'n voorstel.", -1),
     ("Het kabinet schiet opnieuw tekort.", -1), ("Te gek voor woorden, die nieuwe regel.", -1),
     ("Wat een poppenkast in de Kamer vandaag.", -1), ("Applaus voor alle vrijwilligers!", 1),
     ("Waanzinnig concert gisteren!", 1), ("Verbijsterend, dit besluit van de gemeente.", -1)],
)
def test_words_and_idioms_of_public_posts(text: str, sign: int) -> None:
    """Outrage, exasperation and praise of short public posts."""
    assert sentiment_score(text, language="nl") * sign > 0.05


@pytest.mark.parametrize(
    "text, sign",
    [("Moeilijk om neer te leggen, ik las het in twee avonden.", 1),
     ("Ik kon niet stoppen met lezen.", 1), ("Na veertig bladzijden ben ik gestopt met lezen.", -1),
     ("Deze blender is niet meer weg te denken uit onze keuken.", 1)],
)
def test_review_idioms(text: str, sign: int) -> None:
    """A book one cannot put down (or did), a product one cannot do without."""
    assert sentiment_score(text, language="nl") * sign > 0.05


@pytest.mark.parametrize("text", ["Een glimlach van de ober was fijn geweest.",
                                  "Wat brood bij de soep was niet slecht geweest."])
def test_was_geweest_wishes_for_what_was_missing(text: str) -> None:
    """Dutch "was ... geweest" in feedback is counterfactual: what would have been nice was not there."""
    assert sentiment_score(text, language="nl") < 0


@pytest.mark.parametrize("text", ["Ik was nog nooit zo tevreden geweest.", "Het is altijd lekker geweest."])
def test_geweest_after_nooit_or_is_tells_what_was(text: str) -> None:
    """A record ("nog nooit zo ... geweest") and the present perfect ("is ... geweest") are factual."""
    assert sentiment_score(text, language="nl") > 0.05


def test_doch_turns_the_sentence_like_maar() -> None:
    """"doch" (written and Flemish "but") weighs what follows it."""
    assert sentiment_score("Het voorgerecht was lekker, doch het hoofdgerecht was koud.", language="nl") < 0


def test_niet_bepaald_negates_what_follows() -> None:
    """"bepaald" is "a certain" or, after "niet", "hardly": no praise that would use up the negation."""
    assert sentiment_score("Niet bepaald goedkoop, die lunch.", language="nl") < 0
    assert resolve("bepaald", "nl")[0] == 0


@pytest.mark.parametrize("text", ["De soep was niet warm genoeg.", "Er was niet genoeg personeel.",
                                  "Niet bijster lekker, die pasta.", "We zijn daarna niet meer teruggekeerd."])
def test_shortfalls_and_not_coming_back_are_complaints(text: str) -> None:
    """"niet (warm) genoeg" falls short, "niet bijster" negates through its intensifier, not returning is a verdict."""
    assert sentiment_score(text, language="nl") < -0.05


def test_never_enough_of_it_is_praise() -> None:
    """"Ik kan er geen genoeg van krijgen": wanting more is praise, not a shortfall."""
    assert sentiment_score("Ik kan er geen genoeg van krijgen.", language="nl") > 0.05


@pytest.mark.parametrize(
    "text, sign",
    [("Waar blijft de beloofde compensatie?", -1), ("Hoezo klantvriendelijk? Niemand nam op.", -1),
     ("Zo gaan we niet met elkaar om.", -1), ("Wat een vertoning bij de opening.", -1),
     ("Voor zo'n bedrag verwacht je toch iets meer.", -1), ("Voor herhaling niet vatbaar.", -1),
     ("De nieuwe regeling was een schot in de roos.", 1), ("Het toetje was de kers op de taart.", 1),
     ("Ons water werd bijgeschonken zonder dat we erom moesten vragen.", 1)],
)
def test_rhetorical_questions_reprimands_and_service_idioms(text: str, sign: int) -> None:
    """"Waar blijft ...?", "hoezo X?" deny; reprimands, raised expectations and figures of praise."""
    assert sentiment_score(text, language="nl") * sign > 0


@pytest.mark.parametrize(
    "text", ["De broek valt kleiner uit dan de maattabel.", "Goedkoop plastic, na een week gebarsten.",
             "De app crasht bij het opstarten.", "Het scharnier kraakt en de poot wiebelt.",
             "De trui pluist na één wasbeurt.", "Het deksel breekt bij het minste duwtje.",
             "Het aanrecht was vettig en de kranen roestig."])
def test_product_wear_and_fit(text: str) -> None:
    """Breaking, crashing, creaking, pilling, wobbling and running small are complaints about a product."""
    assert sentiment_score(text, language="nl") < -0.05


@pytest.mark.parametrize("word, sign", [("onberispelijk", 1), ("huisgemaakte", 1), ("meevaller", 1),
                                        ("kant-en-klaar", -1), ("overgezouten", -1), ("afgesnauwd", -1)])
def test_restaurant_vocabulary(word: str, sign: int) -> None:
    """How food is made and served, and how staff treat guests."""
    assert resolve(word, "nl")[0] * sign > 0


@pytest.mark.parametrize("text, sign", [("De app kan nog een stuk beter.", -1),
                                        ("Het kan allemaal nog veel beter.", -1), ("Kan bijna niet beter!", 1),
                                        ("Dit is veel beter dan de vorige.", 1)])
def test_a_wished_comparative_phrase_is_a_shortcoming(text: str, sign: int) -> None:
    """"kan nog veel beter": a comparative phrase after a modal wishes for more; one with its own negator praises."""
    assert sentiment_score(text, language="nl") * sign > 0


@pytest.mark.parametrize("text, sign", [("Het viel me eerlijk gezegd tegen.", -1),
                                        ("Eerlijk gezegd weet ik het niet.", 0), ("De rit viel ons reuze mee.", 1),
                                        ("Even wennen, maar nu wil ik niet anders.", 1)])
def test_frankly_judges_nothing_and_separable_verbs_with_a_pronoun(text: str, sign: int) -> None:
    """"eerlijk gezegd" is "frankly", not "honest"; "viel me tegen", "wil ik niet anders" keep their verdict."""
    score = sentiment_score(text, language="nl")
    assert score * sign > 0 if sign else abs(score) < 0.05


@pytest.mark.parametrize("text", ["Het verhaal kabbelt maar wat voort.", "De bijfiguren blijven vlak.",
                                  "Het scenario rammelt aan alle kanten.", "Blijf er ver vandaan.",
                                  "De zool liet los na twee wandelingen."])
def test_plodding_flat_rattling_and_coming_loose(text: str) -> None:
    """Words of weak stories and worn products, and a warning to stay away."""
    assert sentiment_score(text, language="nl") < 0


@pytest.mark.parametrize("text", ["De zaal was bijzonder gehorig.", "Jammergenoeg was het terras gesloten.",
                                  "Tegen de tijd dat de saus kwam was alles afgekoeld."])
def test_room_and_food_complaints(text: str) -> None:
    """A room that carries every sound, food gone cold, regret written as one word."""
    assert sentiment_score(text, language="nl") < -0.05
