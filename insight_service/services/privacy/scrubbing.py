"""Scrub quotes for R&D: no e-mails, phone numbers, handles, URLs, order numbers or person names survive.

Names are found two ways: the names known for the author (their customer record's display name, every part of
it) and the places people sign with one in Dutch and English ("Groet, Zwaantje", "Met vriendelijke groet,
Jan de Vries", "Thanks, Mike", "Regards, ...", "mijn naam is ...", a closing "- Anna").
"""
from __future__ import annotations

import re
from collections.abc import Iterable

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
NAME_PLACEHOLDER = "[name]"
PARTICLES = frozenset({"van", "de", "der", "den", "het", "'t", "ten", "ter", "te", "in", "op", "la", "le", "von",
                       "di", "da", "du", "del", "el", "al", "bin", "st", "st."})
# A capitalised word (letters, apostrophes, hyphens: Anne-Marie, D'Souza) or an initial (J.), with particles.
_WORD = r"(?:[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*|[A-Z]\.)"
_PARTICLE = r"(?:van|de|der|den|het|'t|ten|ter|te|von|di|da|du|del|la|le)"
NAME = rf"{_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+)*{_WORD}){{0,3}}"
CLOSINGS = (
    r"met vriendelijke groet(?:en)?|vriendelijke groet(?:en)?|hartelijke groet(?:en)?|met groet|groet(?:en|jes)?"
    r"|gr\.?|vr\.? ?gr\.?|m\.?v\.?g\.?|liefs|doei|dank(?:je|u)? ?wel|bedankt|alvast bedankt"
    r"|kind regards|best regards|warm regards|regards|best wishes|all the best|many thanks|thanks|thank you|thx"
    r"|cheers|sincerely|yours(?: truly| sincerely)?|best"
)
SIGNATURE = re.compile(rf"(?<![\w])((?i:{CLOSINGS})[ \t]*[,.!:;–—-]*\s*)({NAME})(?=\s*[.!]?\s*$|\s*[,.!]?\s*\n|[ \t]*$)",
                       re.MULTILINE)
INTRODUCTION = re.compile(rf"((?i:mijn naam is|ik heet|my name is|groetjes van|groeten van|namens)[ \t]+)({NAME})")
DASH_SIGNATURE = re.compile(rf"((?:^|\s)[-–—~][ \t]*)({NAME})[ \t]*[.!]?[ \t]*$", re.MULTILINE)


def name_parts(names: Iterable[str | None]) -> set[str]:
    """The words of known names worth hiding: every part but particles and single letters."""
    parts = set()
    for name in names:
        for word in re.split(r"[\s,]+", name or ""):
            word = word.strip(".'’\"()")
            if len(word) > 1 and word.lower() not in PARTICLES:
                parts.add(word)
    return parts


def _may_contain(text: str, parts: set[str]) -> bool:
    """False only when no part can match: a regex per author name costs more than the scrub (an export quotes
    thousands of authors). Decided only for ASCII, where IGNORECASE is plain A-Z/a-z folding; otherwise True."""
    if not text.isascii() or not all(p.isascii() for p in parts):
        return True  # IGNORECASE also folds e.g. the Kelvin sign onto k and a long s onto s: let the regex decide
    lowered = text.lower()
    return any(p.lower() in lowered for p in parts)


def scrub_names(text: str, names: Iterable[str | None] = ()) -> str:
    """The text with known names and signed names replaced by [name]."""
    for pattern in (SIGNATURE, INTRODUCTION, DASH_SIGNATURE):
        text = pattern.sub(lambda m: m.group(1) + NAME_PLACEHOLDER, text)
    parts = name_parts(names)
    if parts and _may_contain(text, parts):
        known = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(p) for p in sorted(parts, key=len, reverse=True))
                           + r")(?![\w])", re.IGNORECASE)
        text = known.sub(NAME_PLACEHOLDER, text)
    return text


def scrub(text: str | None, limit: int = MAX_QUOTE, names: Iterable[str | None] = ()) -> str | None:
    """The text with identifiers and names replaced by placeholders, trimmed to a quote's length."""
    if not text:
        return None
    for pattern, placeholder in PATTERNS:
        text = pattern.sub(placeholder, text)
    text = scrub_names(text, names)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
