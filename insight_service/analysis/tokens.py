"""Tokenisation: one compiled regex turns text into lower-case tokens with their character offsets."""

from __future__ import annotations

import re
from itertools import islice

# Maximum characters analysed; longer input is truncated rather than rejected (configurable per call).
DEFAULT_MAX_CHARS = 20_000

# Words first (by far the most frequent); numbers and ratings before emoticons so "4/5" stays whole, and
# literal "\\u2019" escapes stay inside their word ("it\\u2019s").
_TOKEN_RE = re.compile(
    r"[^\W\d_][^\W_]*(?:(?:['\u2019]|\\u2019)[a-z]+)*(?:-[^\W\d_]+)?"  # words in any script
    r"|\d+(?:[.,]\d+)?(?:/\d+|[a-z]+)?"  # numbers, in-text ratings like 4/5 or 8.5/10, "gr8"-style words
    r"|[!?]+|[.,;]+"
    r"|[:;=][\-'o^]?[()\[\]dpsx/\\|*@3$]+(?![a-z0-9])"  # western emoticons
    r"|:"
    # hearts, reversed and eastern emoticons; a reversed one never follows a word: "(April 1963):" closes a bracket
    r"|</?3|(?<![\w.])[)(][\-']?[:;=]|\^[_.]?\^|-_-"
    r"|\\u[0-9a-f]{4}"  # literal JSON escapes left in scraped text (e.g. tweets)
    r"|'t\b"
    r"|[\U0001F300-\U0001FAFF\u2600-\u27BF\u2B50\u2764]"
    r"|[()\[\]]"  # brackets close a clause: "(maybe it could have been better)"
)
# = \b[A-Z]{2,}[A-Z']*\b, written to start with a character class so the regex engine skips to capitals in C
# (the boundary before the first capital is tested after it; same matches)
_CAPS_RE = re.compile(r"[A-Z](?<!\w[A-Z])[A-Z][A-Z']*\b")
_CAPS_PAIR = re.compile(r"[A-Z][A-Z]")  # cheap pre-check: most texts have no shouted word at all
_CHUNKS: dict[str, list[str]] = {}  # whitespace-separated chunk -> its tokens
_CHUNK_CACHE_LIMIT = 200_000
# First characters of tokens that may also sit between tokens. Not brackets: a bracket always starts a token
# (its own alternative matches anywhere), so the first one after the previous token is the next token's start.
_SKIPPABLE_STARTS = frozenset("=<^-\\'")


def coerce_text(value: object, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Turn any input into analysable text: None -> "", numbers -> their digits, long text truncated."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    elif not isinstance(value, str):
        value = str(value)
    if len(value) > max_chars:
        value = value[:max_chars]
    return value


def lower_same_length(text: str) -> str:
    """Lower-case while keeping every offset valid (a few characters grow when lower-cased)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)


# Scraped text often has "?" where an apostrophe was lost in an encoding round trip: "don?t", "it?s", "I?m".
_LOST_APOSTROPHE = re.compile(r"(?<=[a-z])\?(?=(?:t|s|m|d|ll|re|ve)\b)")


def repair_apostrophes(low: str) -> str:
    """Put back apostrophes that an encoding error turned into "?" (same length, so offsets stay valid)."""
    return _LOST_APOSTROPHE.sub("'", low) if "?" in low else low


def tokenize(low: str) -> list[str]:
    """Split lower-cased text into word, emoticon, emoji and punctuation tokens (= _TOKEN_RE.findall(low))."""
    # Plain words skip the regex (twice as fast); no token spans whitespace, so the result stays equal to
    # the regex's and token_spans() stays aligned.
    out: list[str] = []
    add, extend, known = out.append, out.extend, _CHUNKS.get
    for chunk in low.split():
        if chunk.isalpha():
            add(chunk)
            continue
        parts = known(chunk)
        if parts is None:  # "kapot," "top!!" ":-)" recur: split each distinct chunk once
            if len(_CHUNKS) > _CHUNK_CACHE_LIMIT:
                _CHUNKS.clear()
            parts = _CHUNKS[chunk] = _TOKEN_RE.findall(chunk)
        extend(parts)
    return out


def token_spans(low: str, tokens: list[str], upto: int | None = None) -> list[tuple[int, int]]:
    """Character offsets of tokens 0..upto (all when None); only computed when a hit needs its span."""
    return SpanFinder(low, tokens).upto(len(tokens) - 1 if upto is None else upto)


class SpanFinder:
    """Offsets of a text's tokens, found on demand and extended (never recomputed) as later hits ask."""

    __slots__ = ("_low", "_tokens", "_spans", "_pos")

    def __init__(self, low: str, tokens: list[str]) -> None:
        """Remember the lower-cased text and its tokens; nothing is computed yet."""
        self._low, self._tokens = low, tokens
        self._spans: list[tuple[int, int]] = []
        self._pos = 0

    def upto(self, last: int) -> list[tuple[int, int]]:
        """Spans of at least tokens 0..last."""
        spans, tokens = self._spans, self._tokens
        last = min(last, len(tokens) - 1)
        if last < len(spans):
            return spans
        # Each token is searched from the end of the previous one: the characters between two tokens are never
        # letters, digits or punctuation, so a token that starts with one of those is found exactly where it is.
        # Emoticon-like tokens could also occur in those skipped characters; then the regex decides.
        find, pos = self._low.find, self._pos
        for tok in tokens[len(spans): last + 1]:
            if tok[0] in _SKIPPABLE_STARTS:
                spans[:] = [m.span() for m in islice(_TOKEN_RE.finditer(self._low), len(tokens))]
                return spans
            start = find(tok, pos)
            pos = start + len(tok)
            spans.append((start, pos))
        self._pos = pos
        return spans


def shouted_words(text: str) -> frozenset[str]:
    """Lower-cased words written in CAPITALS, unless the whole text is shouted (then caps carry no emphasis)."""
    if not _CAPS_PAIR.search(text):
        return frozenset()
    found = _CAPS_RE.findall(text)
    if not found:
        return frozenset()
    letters = len(text) - text.count(" ")
    if letters and sum(len(w) for w in found) > 0.6 * letters:
        return frozenset()
    return frozenset(w.lower() for w in found)



# Runs of two or more Capitalised words ("Star Wars", "Dark Souls", "Good Morning America") name a title, team
# or product; their words describe nothing ("wars", "dark", "good" there are no judgements).
# possessive: letters, blanks and capitals are disjoint classes, so giving any back can never help (same matches)
_TITLE_RUN = re.compile(r"[A-Z][a-z'\u2019]++(?:[ \t]++[A-Z][a-z'\u2019]++)+")
_BEFORE_RUN = " \t\"'*(-\u201c"  # may stand between a sentence end and its first word
_SENTENCE_END = ".!?:\n"
_WORD_CAP = re.compile(r"(?<![^ ])[A-Z]")  # a capital starting a word


def named_words(text: str) -> frozenset[str]:
    """Lower-cased words inside a run of Capitalised words (except a run's sentence-initial first word), unless
    most words of the text are Capitalised (headline style: then capitals carry no meaning)."""
    found: list[str] = []
    for m in _TITLE_RUN.finditer(text):
        run_words = m.group().split()
        k = m.start() - 1
        while k >= 0 and text[k] in _BEFORE_RUN:
            k -= 1
        if k < 0 or text[k] in _SENTENCE_END or text[k] == "n" and text[k - 1: k + 1] == "\\n":
            run_words = run_words[1:]
        found.extend(run_words)
    if not found:
        return frozenset()
    n_words = text.count(" ") + 1
    if len(found) * 2 > n_words or len(_WORD_CAP.findall(text)) * 5 > n_words * 4:
        return frozenset()
    return frozenset(w.lower() for w in found)
