"""Customers of the webshop CRM: names, contact details, social handles and consent ledgers."""
from __future__ import annotations

import random
import unicodedata
from datetime import timedelta
from functools import lru_cache

from .catalog import (CRM_SOURCE, EMAIL_DOMAINS, FIRST_NAMES_EN, FIRST_NAMES_NL, LAST_NAMES_EN,
                      LAST_NAMES_NL)
from .context import Context, iso

OPT_OUT_SHARE = 0.02
# (purpose, P(granted), P(denied)); the rest of the people who answered said nothing about it.
PURPOSES = (("social_profiling", 0.35, 0.25), ("marketing", 0.55, 0.2), ("testimonial", 0.25, 0.15))
NO_CONSENT_SHARE = 0.45
WITHDRAW_SHARE = 0.12


@lru_cache(maxsize=512)  # names come from a fixed vocabulary, so the cache stays small
def slug(text: str) -> str:
    """Lower-case ASCII letters only, so handles and e-mail local parts look real."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalpha())


def opts_out(ctx: Context, index: int) -> bool:
    """Whether this customer asked to be left alone (drawn apart so opt-outs list cheaply)."""
    return ctx.rng("opt-out", index).random() < OPT_OUT_SHARE


def phone(rng: random.Random, ctx: Context, index: int) -> str:
    """A Dutch mobile number in one of the notations people type."""
    # An odd multiplier not divisible by 5 is coprime with 5 * 10**7: every customer gets a different number,
    # and the first digit after 06 stays in 1-5, the ranges that are real Dutch mobile numbers.
    n = (index * 61_803_397 + ctx.seed * 2_654_435_761) % (5 * 10 ** 7)
    digits = f"{1 + n // 10 ** 7}{n % 10 ** 7:07d}"
    notation = rng.randrange(6)
    return (f"06-{digits}", f"06{digits}", f"06 {digits[:4]} {digits[4:]}", f"+31 6 {digits[:4]} {digits[4:]}",
            f"+316{digits}", f"0031 6 {digits}")[notation]


def email(rng: random.Random, first: str, last: str, number: int) -> str:
    """An address that is unique because it ends in the customer number; a few in mixed case."""
    first_part, last_part = slug(first), slug(last)
    local = rng.choice((f"{first_part}.{last_part}{number}", f"{first_part[0]}.{last_part}{number}",
                        f"{first_part}{last_part}{number}", f"{first_part}{number}"))
    address = f"{local}@{rng.choice(EMAIL_DOMAINS)}"
    # CRMs keep what people typed; identity resolution has to normalise it.
    return address.title() if rng.random() < 0.05 else address


def handles(rng: random.Random, first: str, last: str, number: int) -> dict:
    """Social handles for some customers; the number keeps them unique."""
    found = {}
    first_part, last_part = slug(first), slug(last)
    if rng.random() < 0.3:
        suffix = str(number)
        handle = (first_part + last_part[:4])[: 15 - len(suffix)] + suffix
        found["twitter"] = "@" + handle if rng.random() < 0.3 else handle
    if rng.random() < 0.2:
        found["facebook"] = f"{first_part}.{last_part}.{number}"
    if rng.random() < 0.1:
        found["instagram"] = f"{first_part}_{last_part}{number}"
    if rng.random() < 0.12:
        found["trustpilot"] = f"{number:08x}{rng.getrandbits(64):016x}"
    return found


def consents(rng: random.Random, ctx: Context, opted_out: bool) -> list[dict]:
    """A consent ledger: grants, refusals and later withdrawals, oldest first."""
    entries = []
    if rng.random() < NO_CONSENT_SHARE and not opted_out:
        return entries
    for purpose, granted, denied in PURPOSES:
        draw = rng.random()
        if draw >= granted + denied:
            continue
        recorded = ctx.moment(rng, 0.0, 0.8)
        status = "granted" if draw < granted else "denied"
        expires = None
        if status == "granted" and purpose == "marketing" and rng.random() < 0.3:
            expires = iso(recorded + timedelta(days=730))
        entries.append({"purpose": purpose, "status": status, "recorded_at": iso(recorded), "expires_at": expires})
        if status == "granted" and (opted_out or rng.random() < WITHDRAW_SHARE):
            later = ctx.clamp(recorded + timedelta(days=rng.randint(1, 120)))
            entries.append({"purpose": purpose, "status": "withdrawn", "recorded_at": iso(later), "expires_at": None})
    return sorted(entries, key=lambda entry: entry["recorded_at"])


def customer(ctx: Context, index: int) -> dict:
    """The customer at this index (0-based); CRM ids run C000001, C000002, ..."""
    rng = ctx.rng("customer", index)
    dutch = rng.random() < 0.75
    first = rng.choice(FIRST_NAMES_NL if dutch else FIRST_NAMES_EN)
    last = rng.choice(LAST_NAMES_NL if dutch else LAST_NAMES_EN)
    number = index + 1
    record = {"source": CRM_SOURCE, "external_id": f"C{number:06d}", "name": f"{first} {last}"}
    if rng.random() < 0.95:
        record["email"] = email(rng, first, last, number)
    if rng.random() < 0.7:
        record["phone"] = phone(rng, ctx, index)
    found = handles(rng, first, last, number)
    if found:
        record["handles"] = found
    ledger = consents(rng, ctx, opts_out(ctx, index))
    if ledger:
        record["consents"] = ledger
    record["updated_at"] = iso(ctx.moment(rng))
    return record
