"""Negation scope beyond the main pass: a fronted Dutch opinion word, and words the pass left unscored."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lexicon import BOOST, CLAUSE, CONJ, CONTRAST, END, NEG, SCOPE, Info

if TYPE_CHECKING:
    from .sentiment import Pass

NEGATION_SCOPE = 4  # tokens a negator reaches forward (sentiment.py uses the same)
WEAK_WORD = 0.3  # |valence| below this does not end a negation's scope
FRONTED_REACH = 6  # "Blij ben ik er niet mee": the fronted word is at most this many tokens before "niet"
# Separable particles and adverbs that may close a Dutch clause after "niet" ("niet mee", "niet over", "niet meer").
_PARTICLES = frozenset(("mee", "over", "van", "aan", "op", "bij", "in", "uit", "meer", "om", "toe", "door"))
_ENDS = frozenset((END, CLAUSE, CONTRAST, CONJ))
# The fronted word is a predicate when a copula or opinion verb follows it ("Blij ben ik", "Spannend wordt het").
COPULAS = frozenset(("ben", "bent", "is", "was", "waren", "zijn", "word", "wordt", "werd", "werden", "vind", "vond",
                      "vinden", "vonden", "lijkt", "leek", "blijkt", "bleek"))


def closes_clause(tokens: list[str], infos: list[Info], j: int) -> bool:
    """Does the clause end at token j, or after one particle there?"""
    n = len(tokens)
    if j < n and tokens[j] in _PARTICLES:
        j += 1
    return j >= n or infos[j][1] in _ENDS


def fronted(values: list[float], negated: list[bool], first: int, at: int, tokens: list[str],
            infos: list[Info], after: int) -> int:
    """Index of a Dutch clause-initial opinion word that a clause-final "niet" negates, or -1.

    Dutch fronts the word it judges and negates it at the end: "Blij ben ik er niet mee", "Mooi is het niet".
    Only when "niet" closes the clause (so it negates nothing after it), the word opens it (at most one intensifier
    before it: "Zo blij ben ik er niet mee"), a copula or opinion verb follows it (a predicate, not a subject:
    "De lader zit er niet in") and no other sentiment word stands between them."""
    # "niet", or the copula of an ironic denial ("Gezellig is anders", a phrase marked FINAL in rules.yaml)
    if tokens[at] != "niet" and tokens[at] not in COPULAS or tokens[at - 1] == "of":  # "pessimistisch of niet" asks
        return -1
    scored = [k for k in range(first, at) if values[k] and infos[k][1] != BOOST]  # "zeker" in "waren ze zeker niet"
    if len(scored) == 1 and scored[0] - first <= 1 and not negated[scored[0]] and at - scored[0] <= FRONTED_REACH \
            and tokens[scored[0] + 1] in COPULAS and closes_clause(tokens, infos, after):
        return scored[0]
    return -1


def negate_fronted(values: list[float], negated: list[bool], j: int, at: int, factor: float) -> float:
    """Negate the fronted word j, fold intensifiers scored before "niet" at `at` into it; returns the sum's change."""
    old = sum(values[j:at])
    boost = 1.0 + sum(1 for k in range(j + 1, at) if values[k]) * 0.2
    values[j:at] = [values[j] * factor * boost] + [0.0] * (at - j - 1)
    negated[j] = True
    return values[j] - old


def unscored_negated(sp: Pass, start: int, end: int) -> bool:
    """Is a word at tokens [start, end) negated, by the same scope rules as sentiment?

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
