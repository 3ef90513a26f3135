"""Customer-journey signals (think, do, care, advocacy) from cue phrases in data/journey.yaml."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

from .lexicon import read_yaml
from .result import JourneySignal
from .sentiment import Pass

TAG = "j"
STAGES = ("think", "do", "care", "advocacy")


@cache
def _cues() -> dict:
    """The parsed cue file."""
    return read_yaml("journey.yaml")


def journey_version() -> str:
    """Version of the cue file."""
    return str(_cues().get("version", "0"))


def entries() -> Iterator[tuple[str, tuple[str, str, bool]]]:
    """Matcher entries: (pattern, (tag, stage, contextual))."""
    for stage in STAGES:
        spec = _cues()["stages"].get(stage) or {}
        for pattern in spec.get("cues") or ():
            yield str(pattern), (TAG, stage, False)
        for pattern in spec.get("contextual") or ():
            yield str(pattern), (TAG, stage, True)


def collect(
    hits: list[tuple[str, str, bool, int, int]],
    sp: Pass,
    spans_upto: Callable[[int], list[tuple[int, int]]],
    text: str,
    question: bool,
) -> tuple[JourneySignal, ...]:
    """Keep cues whose context fits their stage; one signal per (stage, cue), in text order."""
    kept: list[tuple[str, int, int]] = []
    covered: set[int] = set()
    for stage, contextual, start, end in sorted(((h[1], h[2], h[3], h[4]) for h in hits), key=lambda h: (h[2], -h[3])):
        if start in covered:
            continue  # a longer cue already covering this word wins ("highly recommend" over "recommend")
        span_val = sum(sp.values[start:end])
        clause_val = sp.clause_sums[sp.clause_at(start)]
        if stage == "advocacy" and (span_val < 0 or any(sp.negated[start:end]) or clause_val < 0):
            continue
        if contextual:
            if stage == "think" and not question:
                continue
            if stage == "care" and not (question or clause_val < 0):
                continue
        covered.update(range(start, end))
        kept.append((stage, start, end))
    if not kept:
        return ()
    spans = spans_upto(max(end for _, _, end in kept))
    out: list[JourneySignal] = []
    seen: set[tuple[str, str]] = set()
    for stage, start, end in kept:
        cstart, cend = spans[start][0], spans[end - 1][1]
        cue = text[cstart:cend].lower()
        if (stage, cue) not in seen:
            seen.add((stage, cue))
            out.append(JourneySignal(stage, cue, cstart, cend))  # type: ignore[arg-type]
    return tuple(out)
