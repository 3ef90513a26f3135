"""Normalisation and keyed hashing of identifiers."""
import pytest

from insight_service.services.identifiers import IdentityHasher, InvalidIdentifier

H = IdentityHasher(b"k" * 32, "NL")


@pytest.mark.parametrize("a, b", [(" Anna@Mail.NL ", "anna@mail.nl")])
def test_email_case_and_whitespace(a, b):
    assert H.hash("email", a) == H.hash("email", b)


@pytest.mark.parametrize("value", ["06-12345678", "+31 6 1234 5678", "0031612345678", "(06) 123 456 78"])
def test_phone_numbers_become_e164(value):
    assert H.normalise("phone", value) == "+31612345678"


@pytest.mark.parametrize("value", ["@AnnaDV", "annadv", " AnnaDV "])
def test_handles_lose_at_and_case(value):
    assert H.normalise("twitter", value) == "annadv"


@pytest.mark.parametrize("kind, value", [("email", "anonymous"), ("email", "noreply@shop.nl"),
                                         ("email", "someone@example.com"), ("twitter", "unknown"),
                                         ("twitter", "@null"), ("phone", ""), ("email", None)])
def test_blocked_values_never_identify(kind, value):
    assert H.hash(kind, value) is None


@pytest.mark.parametrize("kind, value", [("email", "not-an-email"), ("phone", "12"), ("phone", "abc"),
                                         ("twitter", "two words")])
def test_malformed_values_raise(kind, value):
    with pytest.raises(InvalidIdentifier):
        H.hash(kind, value)


def test_hash_is_keyed_and_kind_separated():
    assert H.hash("twitter", "anna") != H.hash("instagram", "anna")
    assert H.hash("twitter", "anna") != IdentityHasher(b"j" * 32).hash("twitter", "anna")
    assert "anna" not in H.hash("twitter", "anna") and len(H.hash("twitter", "anna")) == 64


def test_digest_is_plain_hmac_sha256_of_kind_and_value():
    """Stored hashes must survive any change to how they are computed: the value is fixed by definition."""
    import hashlib
    import hmac

    for kind, value in [("email", "anna@mail.nl"), ("twitter", "anna"), ("crm", "crm\x1fC1"), ("item", "é")]:
        expected = hmac.new(b"k" * 32, f"{kind}\x1f{value}".encode(), hashlib.sha256).hexdigest()
        assert H.digest(kind, value) == expected
        assert H.digest(kind, value) == expected  # the keyed prototype is copied, never changed
