"""Identifier normalisation and keyed hashing: raw identifiers are never stored, only their HMACs."""
from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from functools import cached_property

import phonenumbers

BLOCKED_VALUES = frozenset({"", "anonymous", "anon", "null", "none", "unknown", "n/a", "na", "-", "nobody",
                            "test", "guest", "deleted", "[deleted]", "undefined", "0"})
PLACEHOLDER_LOCALS = frozenset({"noreply", "no-reply", "donotreply", "do-not-reply", "anonymous", "unknown",
                                "null", "none", "test", "nobody", "invalid", "mailer-daemon"})
PLACEHOLDER_DOMAINS = frozenset({"example.com", "example.org", "example.net", "example.nl", "test.com",
                                 "invalid", "localhost", "mailinator.com", "noemail.com", "none.com"})
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HANDLE = re.compile(r"^[\w.\-]{1,100}$")
PLACEHOLDER = "a placeholder value"


def placeholder_phone(number: phonenumbers.PhoneNumber) -> bool:
    """Whether a parsed number is an obvious stand-in: a run like 12345678 or 98765432, one digit repeated,
    or the North American 555 exchange (reserved for fiction)."""
    national = str(number.national_number)
    if number.country_code == 1 and (national[:3] == "555" or national[3:6] == "555"):
        return True
    area = phonenumbers.length_of_national_destination_code(number)
    subscriber = national[area:] if 0 < area < len(national) else national
    return any(_monotone(digits) for digits in {national, subscriber} if len(digits) >= 6)


def _monotone(digits: str) -> bool:
    """One digit repeated, or each digit one up (or one down) from the last, wrapping 9 -> 0."""
    steps = {(int(b) - int(a)) % 10 for a, b in zip(digits, digits[1:])}
    return steps in ({0}, {1}, {9})


class InvalidIdentifier(ValueError):
    """The value is not a valid identifier of its kind (for a field error)."""


@dataclass(frozen=True)
class IdentityHasher:
    """Normalises identifiers and hashes them with the server's identity key."""

    key: bytes
    phone_region: str = "NL"

    def normalise(self, kind: str, value: str | None) -> str | None:
        """The canonical form, None for blocked/placeholder values; InvalidIdentifier when malformed."""
        if value is None:
            return None
        raw = str(value).strip()
        if raw.lower() in BLOCKED_VALUES:
            return None
        if kind == "email":
            email = raw.lower()
            if not EMAIL.match(email):
                raise InvalidIdentifier("not a valid e-mail address")
            local, _, domain = email.partition("@")
            if local.split("+")[0] in PLACEHOLDER_LOCALS or domain in PLACEHOLDER_DOMAINS:
                return None
            return email
        if kind == "phone":
            try:
                number = phonenumbers.parse(raw, self.phone_region)
            except phonenumbers.NumberParseException as exc:
                raise InvalidIdentifier("not a phone number") from exc
            if not phonenumbers.is_valid_number(number):
                raise InvalidIdentifier("not a valid phone number")
            if number.extension:  # a switchboard shared by many people identifies none of them
                raise InvalidIdentifier("a number with an extension (a shared line)")
            if placeholder_phone(number):
                return None
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        handle = raw.lstrip("@").lower()
        if handle in BLOCKED_VALUES:
            return None
        if not HANDLE.match(handle):
            raise InvalidIdentifier(f"not a valid {kind} handle")
        return handle

    @cached_property
    def _keyed(self) -> hmac.HMAC:
        """An HMAC with the key already absorbed; copying it is cheaper than keying a new one per value."""
        return hmac.new(self.key, digestmod=hashlib.sha256)

    def digest(self, kind: str, normalised: str) -> str:
        """HMAC-SHA256 of kind and normalised value (kind-separated so equal strings of two kinds differ)."""
        mac = self._keyed.copy()
        mac.update(f"{kind}\x1f{normalised}".encode())
        return mac.hexdigest()

    def hash(self, kind: str, value: str | None) -> str | None:
        """Normalise and hash; None for blocked values."""
        normalised = self.normalise(kind, value)
        return None if normalised is None else self.digest(kind, normalised)

    def examine(self, kind: str, value: str | None) -> tuple[str | None, str | None]:
        """(hash, problem): the hash of a usable value, or the reason a given value is unusable (never the value);
        (None, None) when nothing was given."""
        if value is None or (isinstance(value, str) and not value.strip()):
            return None, None
        try:
            h = self.hash(kind, value)
        except InvalidIdentifier as exc:
            return None, str(exc)
        return (h, None) if h is not None else (None, PLACEHOLDER)

    def hash_lenient(self, kind: str, value: str | None) -> str | None:
        """Like hash, but a malformed value counts as absent (authors of public posts write anything)."""
        try:
            return self.hash(kind, value)
        except InvalidIdentifier:
            return None

    def crm(self, source: str, external_id: str) -> str:
        """The identity hash of a CRM's own customer id."""
        return self.digest("crm", f"{source}\x1f{external_id}")

    def item_key(self, source: str, external_id: str) -> str:
        """The keyed hash of a source's item id: the natural key that survives de-identification."""
        return self.digest("item", f"{source}\x1f{external_id}")


def hasher_from_config(config) -> IdentityHasher:
    """The hasher for an app's configuration."""
    return IdentityHasher(config["IDENTITY_HASH_KEY"].encode(), config.get("DEFAULT_PHONE_REGION", "NL"))
