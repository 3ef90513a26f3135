"""Rule-based sentiment: lexicon valences shaped by negation, intensity, contrast, punctuation and capitals."""

from __future__ import annotations

from dataclasses import dataclass
from math import sqrt

from .lexicon import (BOOST, CLAUSE, CONCESSIVE, CONJ, CONTRAST, DUAL, END, FUNC, NEG, PHRASE, QUESTION, SCALAR,
                      START_ONLY, TOO, WORD, rules)
from .wordinfo import Info

NEGATE_POSITIVE = -0.74  # "not good" is weaker than "bad" (VADER's constant)
NEGATE_NEGATIVE = -0.5  # "not bad" is only mildly positive
NEGATED_FUNCTION = -1.6  # "werkt niet", "never arrived": a negated working/arriving verb is a complaint
TOO_VALENCE = -1.5  # "te duur", "too small": excess of a neutral property
NEGATION_SCOPE = 3
CAPS_FACTOR = 1.3
CONTRAST_BEFORE, CONTRAST_AFTER = 0.5, 1.5
QUESTION_FACTOR = 0.6
_CLAUSE_START = frozenset((CLAUSE, END, CONJ))
NORMALISE_ALPHA = 15.0  # VADER's normalisation constant: s / sqrt(s^2 + alpha)


@dataclass(slots=True)
class Pass:
    """Per-token contextual valences and clause structure of one text, for emotions and pain points."""

    values: list[float]
    negated: list[bool]
    clause_of: list[int]
    clause_sums: list[float]
    clause_sentence: list[int]
    raw: float


def _match_phrase(tokens: list[str], i: int, lang: str) -> tuple[int, Info] | None:
    """Longest phrase starting at token i, as (length, info)."""
    table = rules()["nl" if lang == "nl" else "en"].phrases
    entries = table.get(tokens[i])
    if not entries and lang == "und":
        entries = rules()["nl"].phrases.get(tokens[i])
    for words, info in entries or ():
        k = len(words)
        if tuple(tokens[i:i + k]) == words:
            return k, info
    return None


def run(tokens: list[str], infos: list[Info], lang: str, shouted: frozenset[str]) -> Pass:
    """Walk the tokens once, assigning each sentiment word its valence in context."""
    n = len(tokens)
    values = [0.0] * n
    negated = [False] * n
    clause_of = [0] * n
    sums = [0.0]
    sentence_of = [0]
    sent_first_clause = 0
    neg_left = 0
    mult = 1.0
    weight = 1.0
    concessive = False
    too = False
    last_func = -1
    prev_kind = CLAUSE
    i = 0
    while i < n:
        val, kind, factor, flags = infos[i]
        span = 1
        if flags & PHRASE:
            hit = _match_phrase(tokens, i, lang)
            if hit is not None:
                span, (val, kind, factor, flags) = hit[0], hit[1]
        cid = len(sums) - 1
        for j in range(i, i + span):
            clause_of[j] = cid
        if kind == CONTRAST and flags & START_ONLY and prev_kind not in _CLAUSE_START and i:
            kind = WORD  # "alleen", "toch" mid-clause are ordinary words
        if kind == WORD:
            if val:
                v = val * mult
                if too and flags & SCALAR and v <= 0:
                    v = min(v * 1.5, TOO_VALENCE)
                if shouted and tokens[i] in shouted:
                    v *= CAPS_FACTOR
                if neg_left:
                    v *= NEGATE_POSITIVE if v > 0 else NEGATE_NEGATIVE
                    negated[i] = True
                    neg_left = 0
                v *= weight
                values[i] = v
                sums[cid] += v
                mult = 1.0
            elif too and flags & SCALAR:
                values[i] = TOO_VALENCE * mult * weight
                sums[cid] += values[i]
                mult = 1.0
            elif flags & FUNC and neg_left:
                values[i] = NEGATED_FUNCTION * weight
                negated[i] = True
                sums[cid] += values[i]
                neg_left = 0
            else:
                if flags & FUNC:
                    last_func = i
                if neg_left:
                    neg_left -= 1
                if mult != 1.0 and span == 1:
                    mult = 1.0 if mult < 1.0 else max(1.0, mult - 0.15)
            too = False
        elif kind == NEG:
            if 0 <= last_func and i - last_func <= 3 and clause_of[last_func] == cid and not values[last_func]:
                # Dutch puts "niet" after the verb: "werkt (helemaal) niet", "laadt niet op".
                values[last_func] = NEGATED_FUNCTION * weight
                negated[last_func] = True
                sums[cid] += values[last_func]
                last_func = -1
            neg_left = NEGATION_SCOPE
        elif kind == BOOST:
            nxt = infos[i + span] if i + span < n else None
            if flags & DUAL and (nxt is None or not nxt[0] or nxt[1] != WORD):
                v = val * mult * weight
                values[i] = v
                sums[cid] += v
                mult = 1.0
            else:
                mult *= factor
        elif kind == TOO:
            too = True
        elif kind == CONTRAST:
            for c in range(sent_first_clause, len(sums)):
                sums[c] *= CONTRAST_BEFORE
            for j in range(i):
                if clause_of[j] >= sent_first_clause:
                    values[j] *= CONTRAST_BEFORE
            weight = CONTRAST_AFTER
            sums.append(0.0)
            sentence_of.append(sentence_of[-1])
            clause_of[i] = len(sums) - 1
            neg_left, mult = 0, 1.0
            if val:  # "helaas", "unfortunately" turn the sentence and are negative themselves
                values[i] = val * weight
                sums[-1] += values[i]
        elif kind == CONCESSIVE:
            weight = CONTRAST_BEFORE
            concessive = True
            sums.append(0.0)
            sentence_of.append(sentence_of[-1])
        elif kind == CONJ or kind == CLAUSE:
            if concessive and kind == CLAUSE:
                weight, concessive = CONTRAST_AFTER, False
            if sums[-1] or kind == CLAUSE:
                sums.append(0.0)
                sentence_of.append(sentence_of[-1])
            neg_left, mult, too = 0, 1.0, False
        elif kind == END:
            scale = QUESTION_FACTOR if flags & QUESTION else 1.0 + 0.08 * factor
            if scale != 1.0:
                for c in range(sent_first_clause, len(sums)):
                    sums[c] *= scale
            sums.append(0.0)
            sentence_of.append(sentence_of[-1] + 1)
            sent_first_clause = len(sums) - 1
            neg_left, mult, weight, concessive, too, last_func = 0, 1.0, 1.0, False, False, -1
        prev_kind = kind
        i += span
    return Pass(values, negated, clause_of, sums, sentence_of, sum(sums))


def normalise(raw: float) -> float:
    """Map an unbounded valence sum into [-1, 1] (VADER's normalisation)."""
    if not raw:
        return 0.0
    score = raw / sqrt(raw * raw + NORMALISE_ALPHA)
    return max(-1.0, min(1.0, score))
