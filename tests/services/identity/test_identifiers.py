"""Normalisation and keyed hashing of identifiers."""
import pytest

from insight_service.services.identity.identifiers import IdentityHasher, InvalidIdentifier

H = IdentityHasher(b"k" * 32, "NL")


@pytest.mark.parametrize("a, b", [(" Anna@Mail.NL ", "anna@mail.nl")])
def test_email_case_and_whitespace(a, b):
    assert H.hash("email", a) == H.hash("email", b)


@pytest.mark.parametrize("value", ["06-28174093", "+31 6 2817 4093", "0031628174093", "(06) 281 740 93"])
def test_phone_numbers_become_e164(value):
    assert H.normalise("phone", value) == "+31628174093"


@pytest.mark.parametrize("value", ["+31 6 12345678", "06-11111111", "+31 20 987 6543", "+1 212 555 0123",
                                   "+1 (617) 555-0199", "+49 30 12345678", "n/a", "-"])
def test_placeholder_phones_never_identify(value):
    assert H.hash("phone", value) is None and H.examine("phone", value) == (None, "a placeholder value")


@pytest.mark.parametrize("value", ["+1234567890", "+1-555-123-4567", "123-456-7890", "+1 555-1234",
                                   "+31 20 624 1111 ext. 12", "020-6241111 / 06-28174093"])
def test_unusable_phones_are_examined_with_a_reason_never_the_value(value):
    found, problem = H.examine("phone", value)
    assert found is None and problem and value not in problem


def test_examine_says_nothing_of_absent_values():
    assert H.examine("phone", None) == (None, None) and H.examine("email", "  ") == (None, None)
    assert H.examine("phone", "+31 20 624 1111")[0] == H.hash("phone", "020-6241111")


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
