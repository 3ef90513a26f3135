"""Key phrases of negative clauses that no pain-point code covers: the raw material of discovered themes.

Deterministic and offline. In a negative text, every clause that is not positive and holds no coded pain point
gives its content words (stopwords of both languages and generic complaint words removed, Snowball-stemmed so
"hinge snaps" and "hinge snapped" meet) and from them each pair of nearby content words in order: "the hinge
snaps" -> "hing snap", "app logs me out after the update" -> "app log", "log updat", "app updat". The read side
(services/aggregates/themes.py) counts distinct authors per product and key phrase and merges phrases that share items.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from itertools import islice

import snowballstemmer

from .lexicon import read_yaml
from .result import PainPointHit, ThemePhrase, new_theme
from .sentiment import Pass

MAX_CLAUSES = 4  # per text: a long review's first complaints say enough
MAX_WORDS = 8  # content words per clause
MAX_GAP = 3  # content words at most this many content words apart form a pair
MAX_PHRASES = 12  # per text
MAX_LABEL = 60
POSITIVE_CLAUSE = 0.5  # raw valence above which a clause is praise; below, one stray word ("fan") is not enough
# "Coffee tastes fine, but ...": a mildly positive clause right before a contrast word is the praise conceded
CONTRAST = frozenset({"but", "however", "though", "although", "yet", "unfortunately", "shame", "pity", "maar",
                      "echter", "alleen", "helaas", "jammer", "hoewel"})


@cache
def stopwords() -> frozenset[str]:
    """The words that never enter a key phrase: both languages' lists apply to every text (mixed posts)."""
    raw = read_yaml("themes.yaml")["stopwords"]
    return frozenset(str(w) for lang in ("en", "nl") for w in raw[lang])


@cache
def _stemmer(lang: str):
    return snowballstemmer.stemmer("dutch" if lang == "nl" else "english")


_STEMS: dict[str, dict[str, str]] = {"en": {}, "nl": {}}
MAX_STEMS = 200_000  # per language; past it, stems are computed without being remembered


def stem(word: str, lang: str) -> str:
    """The Snowball stem of a lower-cased word (Dutch for Dutch texts, else English), remembered per process."""
    known = _STEMS["nl" if lang == "nl" else "en"]
    found = known.get(word)
    if found is None:
        found = _stemmer("nl" if lang == "nl" else "en").stemWord(word)
        if len(known) < MAX_STEMS:
            known[word] = found
    return found


# word -> its stem if it is a content word, else "": every test of _pairs in one probe per token
_CONTENT: dict[str, dict[str, str]] = {"en": {}, "nl": {}}


def _content_stem(word: str, lang: str) -> str:
    """The stem a word contributes to key phrases, or "" for a stopword, a short or non-alphabetic token."""
    known = _CONTENT["nl" if lang == "nl" else "en"]
    found = known.get(word)
    if found is None:
        stop = stopwords()
        found = ""
        if word not in stop and len(word) >= 3 and word.isalpha():
            stemmed = stem(word, lang)
            if len(stemmed) >= 3 and stemmed not in stop:
                found = stemmed
        if len(known) < MAX_STEMS:
            known[word] = found
    return found


def _pairs(tokens: Sequence[str], spans: Sequence[tuple[int, int]], first: int, last: int,
           lang: str) -> list[tuple[str, int, int]]:
    """(key, first word start, second word end) for each pair of nearby content words among tokens first..last-1."""
    known = _CONTENT["nl" if lang == "nl" else "en"]
    words = []
    for i in range(first, last):
        word = tokens[i]
        stemmed = known.get(word)
        if stemmed is None:
            stemmed = _content_stem(word, lang)
        if stemmed:
            span = spans[i]
            words.append((stemmed, span[0], span[1]))
            if len(words) == MAX_WORDS:
                break
    out = []
    for i, (one, a, _b) in enumerate(words):
        for other, _c, d in words[i + 1:i + 1 + MAX_GAP]:
            if other != one:
                out.append((f"{one} {other}", a, d))
    return out


def _contrast_at(tokens: Sequence[str], at: int) -> bool:
    """Whether a contrast word opens the clause starting at token `at` (after its punctuation, if any)."""
    for i in range(at, min(at + 3, len(tokens))):
        if tokens[i] in CONTRAST:
            return True
        if tokens[i].isalnum():
            return False
    return False


def extract(low: str, tokens: Sequence[str], spans_upto: Callable[[int], list[tuple[int, int]]], sp: Pass,
            lang: str, pains: Sequence[PainPointHit]) -> tuple[ThemePhrase, ...]:
    """Key phrases of the text's non-positive clauses that no pain point's clause overlaps (call on negative texts).

    The clauses are the sentiment pass's (split at punctuation, conjunctions and contrast words), so "negative
    clause" means here what it means for the pain-point rule.
    """
    n = len(tokens)
    if not n:
        return ()
    covered = [(p.clause_start, p.clause_end) for p in pains if p.clause_start is not None]
    starts = [*sp.clause_starts, n]
    several = len(sp.clause_starts) > 1
    found: dict[str, tuple[int, int]] = {}  # key -> where its words are; phrases past MAX_PHRASES are never built
    used = 0
    for c in range(len(sp.clause_starts)):
        first, last = starts[c], min(starts[c + 1], n)
        if first >= last:
            continue
        # a text of one clause is negative as a whole: its lexicon may misread "scratches easily"
        if several and sp.clause_sums[c] > POSITIVE_CLAUSE:
            continue
        if sp.clause_sums[c] > 0 and last < n and _contrast_at(tokens, last):
            continue
        spans = spans_upto(last - 1)  # offsets only as far as the clauses used (a long review stops early)
        start, end = spans[first][0], spans[last - 1][1]
        if covered and any(a < end and start < b for a, b in covered):
            continue
        pairs = _pairs(tokens, spans, first, last, lang)
        if not pairs:
            continue
        used += 1
        for key, a, d in pairs:
            if key not in found:
                found[key] = (a, d)
        if used == MAX_CLAUSES or len(found) >= MAX_PHRASES:
            break
    return tuple(new_theme(key, " ".join(low[a:d].split())[:MAX_LABEL], a, d)
                 for key, (a, d) in islice(found.items(), MAX_PHRASES))
