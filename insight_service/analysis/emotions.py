"""Barometer emotion words (blij, fijn, genieten / teleurstelling, kapot, ...) counted in canonical form."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from .lexicon import NEG, SCOPE, read_yaml
from .result import EmotionHit
from .sentiment import NEGATION_SCOPE, WEAK_WORD, Pass

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


def negated(sp: Pass, start: int, end: int) -> bool:
    """Is the word at tokens [start, end) negated, by the same scope rules as sentiment?

    A word the sentiment pass scored carries the pass's verdict. A word it left unscored (inside a phrase such as
    "not bad" or "never disappoints", or with no valence of its own: "geen zorgen") is negated by a negator at most
    NEGATION_SCOPE tokens before it in its clause, unless a wh-word or a sentiment word in between ends the scope."""
    if any(sp.negated[start:end]):
        return True
    if any(sp.values[start:end]):
        return False
    first = max(sp.clause_starts[sp.clause_at(start)], start - NEGATION_SCOPE)
    for k in range(start - 1, first - 1, -1):
        kind = sp.infos[k][1]
        if kind == NEG:
            return True
        if kind == SCOPE or abs(sp.values[k]) > WEAK_WORD:
            return False
    return False


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
        if negated(sp, start, end):
            continue
        context = sum(sp.values[start:end])
        if context and (context > 0) != (words[canonical]["polarity"] == "positive"):
            continue
        counts[canonical] = counts.get(canonical, 0) + 1
    return tuple(
        EmotionHit(word, str(words[word]["category"]), str(words[word]["polarity"]), n)  # type: ignore[arg-type]
        for word, n in sorted(counts.items())
    )
