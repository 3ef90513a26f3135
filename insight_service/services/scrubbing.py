"""Scrub quotes for R&D: no e-mails, phone numbers, handles, URLs or order numbers survive."""
from __future__ import annotations

import re

# Order matters: URLs and e-mails first, so their parts are not half-matched as handles or numbers.
PATTERNS: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"(?i)\b(?:https?://|www\.)\S+"), "[url]"),
    (re.compile(r"(?i)\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), "[email]"),
    (re.compile(r"(?i)\b[a-z0-9-]+\.(?:com|nl|be|de|org|net|io|eu|co\.uk)(?:/\S*)?\b"), "[url]"),
    (re.compile(r"(?<![\w@])@\w{1,30}"), "[handle]"),
    (re.compile(r"(?i)\b(?:ord|order|bestelling|inv|rma)[-# ]?(?:nr\.?|nummer|no\.?)?[-:# ]*\d{3,}\b"), "[order]"),
    (re.compile(r"#\s?\d{3,}\b"), "[order]"),
    (re.compile(r"(?<!\w)\+?\d[\d\s().-]{7,}\d(?!\w)"), "[phone]"),
)
MAX_QUOTE = 240


def scrub(text: str | None, limit: int = MAX_QUOTE) -> str | None:
    """The text with identifiers replaced by placeholders, trimmed to a quote's length."""
    if not text:
        return None
    for pattern, placeholder in PATTERNS:
        text = pattern.sub(placeholder, text)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
