"""Quotes for R&D keep no e-mails, phone numbers, handles, URLs or order numbers."""
import pytest

from insight_service.services.scrubbing import scrub


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
