"""The clause a customer wrote around a span: what R&D and agents quote instead of the bare keyword.

A clause ends at sentence punctuation, a semicolon, a line break or a contrast word in either language
("but", "however", "maar", "echter"; not "maar" meaning "only", as in "maar een dag"; "alleen" only after a
comma, where it means "only, ..." and not "alone"). The contrast word opens the next clause but is not quoted:
"the sound is great but the battery could be better" quotes "the battery could be better" for a battery span.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from .tokens import lower_same_length

MAX_CLAUSE = 200  # characters: a quote, not a paragraph
WINDOW = 2 * MAX_CLAUSE  # characters searched on each side: beyond them the clause is capped anyway
_CONTRAST_WORDS = ("but", "however", "although", "though", "whereas", "except that", "echter", "hoewel", "alhoewel",
                   "ofschoon", "behalve dat", "doch")
_BOUNDARY = re.compile(
    r"[.!?\u2026]+(?=[\s\"')\]]|$)"  # sentence ends ("e.g" or "4.5" inside a word is no end)
    r"|[;\n\r\u2022]+"  # semicolons, line breaks, bullets
    r"|\s[-\u2013\u2014]\s"  # a dash between words
    r"|\b(?:" + "|".join(_CONTRAST_WORDS) + r")\b"
    # "maar een dag", "maar 2 uur", "maar even": "maar" meaning "only" does not end the clause
    r"|\bmaar\b(?!\s+(?:een|\d|twee|drie|vier|vijf|half|halve|enkele|weinig|even|net|zo)\b)"
    r"|,\s*alleen\b")  # matched on lower-cased text: IGNORECASE costs a third more
# The first three alternatives alone, led by one character class (the engine then skips in C to the next punctuation
# or space instead of trying six alternatives at every character): the same matches in a text that holds none of
# the words below, as most clauses do; about 3x cheaper.
_PUNCTUATION_BOUNDARY = re.compile(
    r"[.!?\u2026;\n\r\u2022\s](?:(?<=[.!?\u2026])[.!?\u2026]*(?=[\s\"')\]]|$)"
    r"|(?<=[;\n\r\u2022])[;\n\r\u2022]*|(?<=\s)[-\u2013\u2014]\s)")
_BOUNDARY_WORDS = (*_CONTRAST_WORDS, "maar", "alleen")
# a concessive clause ("although the price is fine, ...") ends at its comma
_CONCESSIVE = frozenset({"although", "though", "hoewel", "alhoewel", "ofschoon"})
_TRIM = " \t\r\n,;:-\u2013\u2014\"'()[]*\u2022"


def _boundaries(low: str) -> Iterator[re.Match[str]]:
    """_BOUNDARY.finditer(low), by the cheaper punctuation-only regex when no boundary word occurs in the text."""
    if any(map(low.__contains__, _BOUNDARY_WORDS)):
        return _BOUNDARY.finditer(low)
    return _PUNCTUATION_BOUNDARY.finditer(low)


def _snap_left(text: str, pos: int, floor: int) -> int:
    """Move a cut forward to the next word start (not past floor's clause start)."""
    if pos <= floor or text[pos - 1].isspace():
        return pos
    space = text.find(" ", pos)
    return space + 1 if 0 <= space else pos


def _snap_right(text: str, pos: int) -> int:
    """Move a cut back to the previous word end."""
    if pos >= len(text) or text[pos].isspace():
        return pos
    space = text.rfind(" ", 0, pos)
    return space if space > 0 else pos


def clause_bounds(text: str, start: int, end: int, max_chars: int = MAX_CLAUSE) -> tuple[int, int]:
    """(clause_start, clause_end) of the clause holding text[start:end], trimmed, at most max_chars long.

    The span always stays inside; a span longer than max_chars is returned as it is. Never raises.
    """
    if not isinstance(text, str) or not text:
        return 0, 0
    start = min(max(0, int(start)), len(text))
    end = min(max(start, int(end)), len(text))
    lo, hi = max(0, start - WINDOW), min(len(text), end + WINDOW)
    left, right = lo, hi
    concessive = False
    window = lower_same_length(text[lo:hi])
    for m in _boundaries(window):
        b_start, b_end = m.start() + lo, m.end() + lo
        if b_end <= start:
            left = b_end
            concessive = m.group() in _CONCESSIVE
        elif b_start >= end:
            right = b_start
            break
        # a boundary inside the span ("battery, but") is part of what the span shows
    if concessive:
        comma = text.find(",", left, start)
        if comma >= 0:  # the span follows the concessive clause: "although X, [span]"
            left = comma + 1
        else:  # the span is inside it: "although [span] is fine, ..."
            comma = text.find(",", end, right)
            right = comma if comma >= 0 else right
    while left < start and text[left] in _TRIM:
        left += 1
    while right > end and text[right - 1] in _TRIM:
        right -= 1
    if right - left <= max_chars:
        return left, right
    room = max_chars - (end - start)
    if room <= 0:
        return start, end
    # centre the span in the allowed length, then give the unused side's room to the other side
    new_left = max(left, start - room // 2)
    new_right = min(right, new_left + max_chars)
    new_left = max(left, new_right - max_chars)
    new_left = min(_snap_left(text, new_left, left), start)
    new_right = max(_snap_right(text, new_right), end)
    return new_left, new_right


def split_clauses(text: str) -> list[tuple[int, int]]:
    """Every clause of a text as trimmed (start, end) bounds, in order; empty ones left out."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_boundaries(lower_same_length(text)), None]:
        stop = m.start() if m else len(text)
        left, right = pos, stop
        while left < right and text[left] in _TRIM:
            left += 1
        while right > left and text[right - 1] in _TRIM:
            right -= 1
        if right > left:
            out.append((left, right))
        if m:
            pos = m.end()
    return out
