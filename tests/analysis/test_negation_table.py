"""Negation table: sentiment and the emotion barometer follow the same scope rules, in English and Dutch."""

from __future__ import annotations

import pytest

from insight_service.analysis import analyze

# A negated negative word is at most a weak positive ("not worried" leans positive inside the neutral band; "not bad"
# is an idiom and positive), so those rows accept either label.
NOT_NEGATIVE = ("positive", "neutral")


@pytest.mark.parametrize(
    "text, language, label, not_counted, counted",
    [
        ('I am not happy with this purchase.', 'en', "negative", ['happy'], []),
        ('Not happy at all.', 'en', "negative", ['happy'], []),
        ("I don't love it anymore.", 'en', "negative", ['love'], []),
        ("We didn't enjoy the food.", 'en', "negative", ['enjoy'], []),
        ('Not satisfied with the service.', 'en', "negative", ['satisfied'], []),
        ('This is not great.', 'en', "negative", ['great'], []),
        ('Nobody was happy with the result.', 'en', "negative", ['happy'], []),
        ('I was never satisfied with it.', 'en', "negative", ['satisfied'], []),
        ("It's not that great, to be honest.", 'en', "negative", ['great'], []),
        ("I wouldn't say I'm happy with it.", 'en', "negative", ['happy'], []),
        ('Not bad at all, the sound is great.', 'en', "positive", ['bad'], ['great']),
        ('Never disappointed by this brand.', 'en', "positive", ['disappointed'], []),
        ('I was not disappointed.', 'en', "positive", ['disappointed'], []),
        ("It didn't break, even after a fall.", 'en', NOT_NEGATIVE, ['broken'], []),
        ('The screen is not broken, it just needed a reset.', 'en', NOT_NEGATIVE, ['broken'], []),
        ('No frustration with the setup at all.', 'en', "positive", ['frustrated'], []),
        ("I'm not angry, just curious when it ships.", 'en', NOT_NEGATIVE, ['angry'], []),
        ('Not worried about the battery anymore.', 'en', NOT_NEGATIVE, ['worried'], []),
        ('This is not useless, it does what it says.', 'en', "positive", ['useless'], []),
        ('Not cheap, but I love it.', 'en', "positive", [], ['love']),
        ("It's not perfect, but I am happy with it.", 'en', "positive", [], ['happy']),
        ('No problems so far and the sound is great.', 'en', "positive", [], ['great']),
        ("I don't know why, but I love it.", 'en', "positive", [], ['love']),
        ('It was not bad, but the service was terrible.', 'en', "negative", [], ['bad']),
        ('Nothing to complain about, great product.', 'en', "positive", [], ['great']),
        ('Ik ben er niet blij mee.', 'nl', "negative", ['blij'], []),
        ('Niet tevreden over de bezorging.', 'nl', "negative", ['tevreden'], []),
        ('Helemaal niet blij met deze aankoop.', 'nl', "negative", ['blij'], []),
        ('Ik ben nooit tevreden geweest over hun service.', 'nl', "negative", ['tevreden'], []),
        ('We hebben er niet van genoten.', 'nl', "negative", ['genieten'], []),
        ('Niemand was tevreden.', 'nl', "negative", ['tevreden'], []),
        ('Geen fijne ervaring.', 'nl', "negative", ['fijn'], []),
        ('Niet echt blij mee.', 'nl', "negative", ['blij'], []),
        ('Ik was er niet zo tevreden over.', 'nl', "negative", ['tevreden'], []),
        ('Het is helemaal niet kapot gegaan.', 'nl', "positive", ['kapot'], []),
        ('Niet teleurgesteld, precies wat ik zocht.', 'nl', "positive", ['teleurstelling'], []),
        ('Nooit een teleurstelling geweest.', 'nl', "positive", ['teleurstelling'], []),
        ('De kwaliteit is niet slecht.', 'nl', "positive", ['slecht'], []),
        ('Ik ben niet boos, wel benieuwd wanneer het komt.', 'nl', NOT_NEGATIVE, ['boos'], []),
        ('Geen zorgen meer over de accu.', 'nl', "positive", ['bezorgd'], []),
        ('Het is zeker niet waardeloos.', 'nl', "positive", ['waardeloos'], []),
        ('Niks kapot, alles heel aangekomen.', 'nl', "positive", ['kapot'], []),
        ('Niet goedkoop, maar ik ben er heel blij mee.', 'nl', "positive", [], ['blij']),
        ('Geen problemen gehad en ik ben erg tevreden.', 'nl', "positive", [], ['tevreden']),
        ('Het was niet duur en we hebben genoten.', 'nl', "positive", [], ['genieten']),
        ('Niet perfect, maar toch tevreden.', 'nl', "positive", [], ['tevreden']),
        ('Ik weet niet hoe, maar hij is alweer kapot.', 'nl', "negative", [], ['kapot']),
        ('Het eten was niet slecht, maar de bediening was waardeloos.', 'nl', "negative", [], ['waardeloos']),
        ('De lader werkt niet.', 'nl', "negative", [], []),
        ('Blij ben ik er niet mee.', 'nl', "negative", ['blij'], []),
        ('Zo blij ben ik er niet mee.', 'nl', "negative", ['blij'], []),
        ('Mooi is het niet.', 'nl', "negative", [], []),
        ('Spannend wordt het niet.', 'nl', "negative", [], []),
        ('Slecht is het niet.', 'nl', "positive", ['slecht'], []),
        ('Vriendelijk waren ze zeker niet.', 'nl', "negative", [], []),
        ('Mooi dat het niet lekt.', 'nl', "positive", [], []),
        ('Maak je geen zorgen, het komt goed.', 'nl', "positive", ['bezorgd'], []),
    ],
)
def test_negation_table(text: str, language: str, label: str | tuple[str, ...], not_counted: list[str],
                        counted: list[str]) -> None:
    """The label follows the negation; a negated barometer word is not counted; an unnegated one in scope is."""
    result = analyze(text, language=language)
    assert result.sentiment.label in ((label,) if isinstance(label, str) else label)
    words = {e.word: e.polarity for e in result.emotions}
    assert not set(not_counted) & set(words), words
    for word in counted:
        assert word in words, words


def test_fronted_negation_needs_a_predicate_and_a_closing_niet() -> None:
    """"Blij ben ik er niet mee" negates the fronted word; a subject, "of niet" or "niet" before a verb do not."""
    assert analyze("Blij ben ik er niet mee.", language="nl").sentiment.label == "negative"
    assert analyze("Fijn dat het niet regende.", language="nl").sentiment.label == "positive"
    assert analyze("Mooi of niet, het past.", language="nl").sentiment.label != "negative"
