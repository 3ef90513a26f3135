"""Quotes for R&D keep no e-mails, phone numbers, handles, URLs or order numbers."""
import pytest

from insight_service.services.privacy.scrubbing import scrub


@pytest.mark.parametrize("raw, expected", [
    ("mail me op jan.jansen+x@mailbox.nl graag", "mail me op [email] graag"),
    ("bel 06-12345678 of +31 6 1234 5678", "bel [phone] of [phone]"),
    ("@vonk_nl waarom kapot?", "[handle] waarom kapot?"),
    ("zie https://x.com/anna/status/1 en www.vonk.nl/p/1", "zie [url] en [url]"),
    ("bestelling ORD-12345 en #98765 en order 4455667", "bestelling [order] en [order] en [order]"),
    ("kijk op vonk.nl/klacht", "kijk op [url]"),
    ("de knop is na 2 weken kapot", "de knop is na 2 weken kapot"),
])
def test_identifiers_are_replaced(raw, expected):
    assert scrub(raw) == expected


def test_long_quotes_are_trimmed_and_empty_is_none():
    assert len(scrub("woord " * 100)) <= 240 and scrub("") is None and scrub(None) is None


@pytest.mark.parametrize("raw, expected", [
    ("De molen is kapot. Groet, Zwaantje", "De molen is kapot. Groet, [name]"),
    ("Lekt weer.\nMet vriendelijke groet,\nJan de Vries", "Lekt weer. Met vriendelijke groet, [name]"),
    ("Still broken. Thanks, Mike", "Still broken. Thanks, [name]"),
    ("Leaks again.\nKind regards,\nAnne-Marie O'Neill", "Leaks again. Kind regards, [name]"),
    ("Regards, J. Smith", "Regards, [name]"),
    ("Kapot na een week. Mvg Pieter van den Berg", "Kapot na een week. Mvg [name]"),
    ("Groetjes van Sanne, de molen piept", "Groetjes van [name], de molen piept"),
    ("Mijn naam is Eva Mulder en mijn machine lekt", "Mijn naam is [name] en mijn machine lekt"),
    ("The lid cracked - Anna", "The lid cracked - [name]"),
    ("Cheers!\nTom", "Cheers! [name]"),
])
def test_signatures_lose_their_names_in_both_languages(raw, expected):
    assert scrub(raw) == expected


def test_names_known_for_the_author_are_replaced_wherever_they_stand():
    quote = "Ik, Zwaantje Bakker, vind de molen kapot; zwaantje wil haar geld terug"
    assert scrub(quote, names=["Zwaantje de Bakker"]) == "Ik, [name] [name], vind de molen kapot; [name] wil haar " \
                                                          "geld terug"


@pytest.mark.parametrize("kept", [
    "Best product ever, but the lid cracked", "Thanks to the new seal it no longer leaks",
    "De groet van de bezorger was vriendelijk", "Kapot na 2 weken, Barista Pro lekt",
])
def test_text_without_a_signed_name_is_kept(kept):
    assert scrub(kept) == kept


@pytest.mark.parametrize("quote, expected", [
    ("geen naam hier, de molen lekt", "geen naam hier, de molen lekt"),  # no part of the name: the text as it was
    ("ZWAANTJE wil haar geld terug", "[name] wil haar geld terug"),
    ("Bakkerij Zwaantjes is dicht", "Bakkerij Zwaantjes is dicht"),  # inside a longer word: not a name
    ("\u212aim wil haar geld terug", "[name] wil haar geld terug"),  # the Kelvin sign folds onto k, as before
    ("Zo\u00eb lekt, zegt zoë", "[name] lekt, zegt [name]"),
])
def test_known_names_are_found_with_or_without_a_quick_check(quote, expected):
    assert scrub(quote, names=["Zwaantje Bakker", "Kim", "Zoë"]) == expected
