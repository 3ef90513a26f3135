"""Pain points: taxonomy terms that occur in a negative clause, or terms that are negative in themselves."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .result import PainPointHit
from .scoring import normalise
from .sentiment import Pass
from .taxonomy import taxonomy

TAG = "p"
NEGATIVE_CLAUSE = -0.4  # raw valence below which a clause counts as a complaint (one mild word is not enough)


def entries() -> Iterator[tuple[str, tuple[str, str, bool]]]:
    """Matcher entries for every code's plain and self-negative patterns in both languages."""
    for code in taxonomy().codes.values():
        for lang in ("en", "nl"):
            for pattern in code.terms.get(lang, ()):
                yield pattern, (TAG, code.code, False)
            for pattern in code.negative_terms.get(lang, ()):
                yield pattern, (TAG, code.code, True)


def _local_valence(sp: Pass, start: int, end: int) -> float:
    """Valence of the clause holding the span; an empty clause borrows its sentence neighbours' sentiment."""
    cid = sp.clause_at(start)
    own = sp.clause_sums[cid]
    if own:
        return own
    sentence = sp.clause_sentence[cid]
    for other in (cid + 1, cid - 1):
        if 0 <= other < len(sp.clause_sums) and sp.clause_sentence[other] == sentence and sp.clause_sums[other]:
            return sp.clause_sums[other]
    return 0.0


def collect(
    hits: list[tuple[str, str, bool, int, int]], sp: Pass, spans_upto: Callable[[int], list[tuple[int, int]]]
) -> tuple[PainPointHit, ...]:
    """One hit per code: the most negative qualifying occurrence (earliest on ties), in taxonomy order."""
    best: dict[str, tuple[float, int, int]] = {}
    rank: dict[str, tuple[float, int, int, int]] = {}
    qualifying: list[tuple[str, int, int]] = []
    for code, self_negative, start, end in ((h[1], h[2], h[3], h[4]) for h in hits):
        span_val = sum(sp.values[start:end])
        if self_negative:
            # "niet kapot", "never broken": a negated negative term is no complaint.
            if span_val > 0 or (not span_val and start and sp.negated[start - 1]):
                continue
            local = min(_local_valence(sp, start, end), span_val, -1.0)
        else:
            local = _local_valence(sp, start, end)
            if local > NEGATIVE_CLAUSE:
                continue
        qualifying.append((code, start, end))
        # Most negative first; on a tie the self-negative, longer, earlier span shows the problem best.
        key = (local, -self_negative, start - end, start)
        if code not in rank or key < rank[code]:
            rank[code] = key
            best[code] = (local, start, end)
    for code, start, end in qualifying:
        # "De handleiding is onduidelijk": the span covers both the subject and the complaint in its clause.
        local, b_start, b_end = best[code]
        if (start, end) != (b_start, b_end) and sp.clause_at(start) == sp.clause_at(b_start):
            best[code] = (local, min(start, b_start), max(end, b_end))
    if not best:
        return ()
    codes = taxonomy().codes
    for code in [c for c in best if codes[c].suppressed_by]:
        clause = sp.clause_at(best[code][1])
        if any(other in best and sp.clause_at(best[other][1]) == clause for other in codes[code].suppressed_by):
            del best[code]
    order = list(codes)
    spans = spans_upto(max(end for _, _, end in best.values()))
    out = []
    for code in sorted(best, key=order.index):
        local, start, end = best[code]
        out.append(PainPointHit(code, round(normalise(local), 4), spans[start][0], spans[end - 1][1]))
    return tuple(out)
