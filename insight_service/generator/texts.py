"""Composing feedback texts from the templates, with the noise real people add."""
from __future__ import annotations

import random
import re

from .catalog import BRAND, CATEGORY_PAIN_POINTS, Product
from .templates import (COMPLAINT_CLOSERS, COMPLAINT_OPENERS, CONTRAST_JOINS, CONTRAST_OPENERS, ELONGATE, EMOJI,
                        NEUTRAL, PAIN_CLAUSES, PRAISE, QUESTIONS)

MOODS = ("praise", "complaint", "question", "neutral", "contrast")


def pick(rng: random.Random, options: tuple[str, ...], category: str) -> str:
    """One option that suits the product category ("kitchen:..." only for kitchen products)."""
    fitting = [option for option in options
               if option.partition(":")[0] not in CATEGORY_PAIN_POINTS or option.startswith(category + ":")]
    choice = rng.choice(fitting)
    return choice.partition(":")[2] if choice.startswith(category + ":") else choice


def fill(rng: random.Random, template: str, lang: str, product: Product) -> str:
    """Replace the placeholders with the product's words and plausible numbers."""
    noun = product.noun_nl if lang == "nl" else product.noun_en
    return template.format(noun=noun, name=product.name, brand=BRAND, days=rng.randint(3, 14),
                           hours=rng.randint(1, 3))


def capitalise(text: str) -> str:
    """Upper-case the first letter only (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def sentence(rng: random.Random, lang: str, mood: str, product: Product, pain: str) -> str:
    """The bare sentence for one mood; complaints and contrasts name the pain point."""
    category = product.category
    if mood == "praise":
        return pick(rng, PRAISE[lang], category)
    if mood == "question":
        return pick(rng, QUESTIONS[lang], category)
    if mood == "neutral":
        return pick(rng, NEUTRAL[lang], category)
    clause = pick(rng, PAIN_CLAUSES[lang][pain], category)
    if mood == "contrast":
        join = rng.choice(CONTRAST_JOINS[lang])
        return f"{pick(rng, CONTRAST_OPENERS[lang], category)}{join}{clause}."
    opener = rng.choice(COMPLAINT_OPENERS[lang])
    body = clause if opener else capitalise(clause)
    return f"{opener}{body}.{rng.choice(COMPLAINT_CLOSERS[lang])}"


def elongate(rng: random.Random, text: str) -> str:
    """Stretch the first emphatic word ("suuuper", "sooo") the way people do when they feel strongly."""
    for word in ELONGATE:
        match = re.search(rf"\b{word}\b", text, flags=re.IGNORECASE)
        if match:
            vowel = re.search(r"[aeiou]", match.group(0))
            if vowel:
                at = match.start() + vowel.start()
                return text[:at] + text[at] * rng.randint(3, 5) + text[at + 1:]
    return text


def compose(rng: random.Random, lang: str, mood: str, product: Product, pain: str) -> str:
    """A complete text: sentence, placeholders filled, and sometimes emoji, shouting or a SKU."""
    text = fill(rng, sentence(rng, lang, mood, product, pain), lang, product)
    noise = rng.random()
    if noise < 0.04 and mood in ("complaint", "contrast"):
        text = text.upper()
    elif noise < 0.12:
        text = elongate(rng, text)
    if mood in ("praise", "complaint") and rng.random() < 0.08:
        text = text.rstrip(".") + "!!!"
    if rng.random() < 0.25:
        text += " " + rng.choice(EMOJI[mood if mood in EMOJI else "neutral"]) * rng.randint(1, 3)
    if rng.random() < 0.08:
        text += f" ({product.sku})"
    return text
