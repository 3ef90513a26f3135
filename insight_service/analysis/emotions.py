"""Barometer emotion words (blij, fijn, genieten / teleurstelling, kapot, ...) counted in canonical form."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from .lexicon import read_yaml
from .negation import unscored_negated
from .result import EmotionHit
from .sentiment import Pass

TAG = "e"


@cache
def _words() -> dict[str, dict]:
    """Canonical word -> {category, polarity, forms}."""
    return read_yaml("emotions.yaml")["words"]


def emotions_version() -> str:
    """Version of the emotion vocabulary."""
    return str(read_yaml("emotions.yaml").get("version", "0"))


def entries() -> Iterator[tuple[str, tuple[str, str, bool]]]:
    """Matcher entries: every inflected form points at its canonical word."""
    for canonical, spec in _words().items():
        for form in dict.fromkeys([canonical, *(str(f) for f in spec.get("forms") or ())]):  # ordered, unique
            yield form, (TAG, canonical, False)


def collect(hits: list[tuple[str, str, bool, int, int]], sp: Pass) -> tuple[EmotionHit, ...]:
    """Count words per canonical form; a negated word ("niet blij", "never disappointed") is not counted.

    A word whose valence in context opposes its own polarity is left out too: a counterfactual ("could have been
    great") or an idiom ("bad ass") does not express that emotion."""
    words = _words()
    counts: dict[str, int] = {}
    covered: set[int] = set()
    for _, canonical, _, start, end in sorted(hits, key=lambda h: (h[3], -h[4])):
        if start in covered:
            continue
        covered.update(range(start, end))
        if unscored_negated(sp, start, end):
            continue
        context = sum(sp.values[start:end])
        if context and (context > 0) != (words[canonical]["polarity"] == "positive"):
            continue
        counts[canonical] = counts.get(canonical, 0) + 1
    return tuple(
        EmotionHit(word, str(words[word]["category"]), str(words[word]["polarity"]), n)  # type: ignore[arg-type]
        for word, n in sorted(counts.items())
    )
