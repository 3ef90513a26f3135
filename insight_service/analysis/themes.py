"""Key phrases of negative clauses that no pain-point code covers: the raw material of discovered themes.

Deterministic and offline. In a negative text, every clause that is not positive and holds no coded pain point
gives its content words (stopwords of both languages and generic complaint words removed, Snowball-stemmed so
"hinge snaps" and "hinge snapped" meet) and from them each pair of nearby content words in order: "the hinge
snaps" -> "hing snap", "app logs me out after the update" -> "app log", "log updat", "app updat". The read side
(services/themes.py) counts distinct authors per product and key phrase and merges phrases that share items.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache

import snowballstemmer

from .clauses import MAX_CLAUSE, clause_bounds, split_clauses
from .lexicon import read_yaml
from .result import PainPointHit, ThemePhrase

MAX_CLAUSES = 4  # per text: a long review's first complaints say enough
MAX_WORDS = 8  # content words per clause
MAX_GAP = 3  # content words at most this many content words apart form a pair
MAX_PHRASES = 12  # per text
MAX_LABEL = 60
POSITIVE_CLAUSE = 0.5  # raw valence above which a clause is praise; below, one stray word ("fan") is not enough
_WORD = re.compile(r"[^\W\d_]{3,}")


@cache
def stopwords() -> frozenset[str]:
    """The words that never enter a key phrase: both languages' lists apply to every text (mixed posts)."""
    raw = read_yaml("themes.yaml")["stopwords"]
    return frozenset(str(w) for lang in ("en", "nl") for w in raw[lang])


@cache
def _stemmer(lang: str):
    return snowballstemmer.stemmer("dutch" if lang == "nl" else "english")


@lru_cache(maxsize=65536)
def stem(word: str, lang: str) -> str:
    """The Snowball stem of a lower-cased word (Dutch for Dutch texts, else English)."""
    return _stemmer(lang).stemWord(word)


def _clause_valences(clauses: list[tuple[int, int]], token_spans: Sequence[tuple[int, int]],
                     values: Sequence[float]) -> list[float]:
    """The summed contextual valence of the tokens inside each clause."""
    sums = [0.0] * len(clauses)
    c = 0
    for (start, _end), value in zip(token_spans, values):
        while c < len(clauses) and start >= clauses[c][1]:
            c += 1
        if c == len(clauses):
            break
        if value and start >= clauses[c][0]:
            sums[c] += value
    return sums


def _pairs(low: str, start: int, end: int, lang: str) -> list[tuple[str, int, int]]:
    """(key, first word start, second word end) for each pair of nearby content words in the clause."""
    stop = stopwords()
    words = []
    for m in _WORD.finditer(low, start, end):
        word = m.group()
        if word not in stop:
            stemmed = stem(word, lang)
            if len(stemmed) >= 3 and stemmed not in stop:
                words.append((stemmed, m.start(), m.end()))
                if len(words) == MAX_WORDS:
                    break
    out = []
    for i, (first, a, _b) in enumerate(words):
        for second, _c, d in words[i + 1:i + 1 + MAX_GAP]:
            if second != first:
                out.append((f"{first} {second}", a, d))
    return out


def extract(low: str, n_tokens: int, spans_upto: Callable[[int], list[tuple[int, int]]], values: Sequence[float],
            lang: str, pains: Sequence[PainPointHit]) -> tuple[ThemePhrase, ...]:
    """Key phrases of the text's non-positive clauses that no pain point's clause overlaps (call on negative texts)."""
    clauses = split_clauses(low)
    if not clauses or not n_tokens:
        return ()
    covered = [(p.clause_start, p.clause_end) for p in pains if p.clause_start is not None]
    valences = _clause_valences(clauses, spans_upto(n_tokens - 1), values)
    found: dict[str, ThemePhrase] = {}
    used = 0
    for (start, end), valence in zip(clauses, valences):
        # a text of one clause is negative as a whole: its lexicon may misread "scratches easily"
        if (valence > POSITIVE_CLAUSE and len(clauses) > 1) or any(a < end and start < b for a, b in covered):
            continue
        pairs = _pairs(low, start, end, lang)
        if not pairs:
            continue
        used += 1
        for key, a, d in pairs:
            if key not in found:
                bounds = (start, end) if end - start <= MAX_CLAUSE else clause_bounds(low, a, d)
                label = " ".join(low[a:d].split())[:MAX_LABEL]
                found[key] = ThemePhrase(key, label, *bounds)
        if used == MAX_CLAUSES or len(found) >= MAX_PHRASES:
            break
    return tuple(list(found.values())[:MAX_PHRASES])
