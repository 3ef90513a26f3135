"""Who wrote a feedback item: a known customer, a stranger from a recurring pool, or nobody in particular."""
from __future__ import annotations

import random

from .catalog import BLOCKED_AUTHORS, EMAIL_DOMAINS, FIRST_NAMES_EN, FIRST_NAMES_NL, HANDLE_WORDS
from .context import Context
from .people import customer

VOCAL_STRANGERS = 5  # strangers who post a lot; some of them opted out, so the privacy gate has work


def stranger_pool(ctx: Context) -> int:
    """How many distinct non-customer authors there are (people post more than once)."""
    return max(50, ctx.feedback // 4)


def stranger_index(ctx: Context, rng: random.Random) -> int:
    """A stranger, with a handful of vocal ones over-represented."""
    return rng.randrange(VOCAL_STRANGERS) if rng.random() < 0.05 else rng.randrange(stranger_pool(ctx))


def stranger(ctx: Context, index: int) -> dict:
    """The identifiers of a non-customer author (nothing a customer has, so they never link)."""
    rng = ctx.rng("stranger", index)
    word = rng.choice(HANDLE_WORDS)
    name = rng.choice(FIRST_NAMES_NL + FIRST_NAMES_EN)
    return {"name": name, "twitter": f"{word}_{index}", "facebook": f"{word}.{index}.fb",
            "trustpilot": f"tp{index:06x}{rng.getrandbits(40):010x}",
            "email": f"{word}.x{index}@{rng.choice(EMAIL_DOMAINS)}", "forum": f"{word}{index}"}


def stranger_author(ctx: Context, rng: random.Random, *platforms: str) -> dict:
    """A stranger's identifiers on the given platforms, with the display name."""
    person = stranger(ctx, stranger_index(ctx, rng))
    return {"name": person["name"], **{platform: person[platform] for platform in platforms}}


def customer_author(ctx: Context, index: int, platform: str) -> dict | None:
    """A customer's identifier on one platform, or None when they are not on it."""
    record = customer(ctx, index)
    if platform in ("email", "phone"):
        value = record.get(platform)
    else:
        value = record.get("handles", {}).get(platform)
    if not value:
        return None
    # Platforms send handles without the "@" some CRMs store, and e-mails lower-cased.
    value = value.lstrip("@") if platform != "email" else value.lower()
    return {"name": record["name"], platform: value}


def social_author(ctx: Context, rng: random.Random, platform: str, link_share: float) -> dict:
    """The author of a public post: sometimes a customer on that platform, usually a stranger."""
    if rng.random() < 0.03:
        return dict(rng.choice(BLOCKED_AUTHORS))
    if ctx.customers and rng.random() < link_share:
        found = customer_author(ctx, rng.randrange(ctx.customers), platform)
        if found:
            return found
    return stranger_author(ctx, rng, platform)


def email_author(ctx: Context, rng: random.Random, buyer: int | None, link_share: float) -> dict:
    """The author of a ticket or survey: the buyer if known, else a customer or a stranger by e-mail."""
    if rng.random() < 0.02:
        return {"email": "noreply@example.com"}
    if buyer is None and ctx.customers and rng.random() < link_share:
        buyer = rng.randrange(ctx.customers)
    found = customer_author(ctx, buyer, "email") if buyer is not None else None
    if found and rng.random() < 0.15:
        phone = customer(ctx, buyer).get("phone")
        if phone:
            found["phone"] = phone
    if found is None and buyer is not None:
        return {"name": customer(ctx, buyer)["name"]}  # no e-mail on file: the order reference still links
    return found or stranger_author(ctx, rng, "email")
