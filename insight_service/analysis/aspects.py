"""Aspect lexicons of the pain-point codes (data/aspects.yaml): aspect terms, aspect-dependent opinions, complaints."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from types import MappingProxyType
from typing import Mapping

from .lexicon import read_yaml
from .taxonomy import taxonomy

# Roles of a matched phrase; ASPECT and COMPLAINT equal the False/True flags of taxonomy terms and negative terms.
ASPECT, COMPLAINT, FAILURE, WHEN_NEGATED, POSITIVE, NEGATIVE, NEUTRAL, VERDICT, BENIGN = 0, 1, 2, 3, 4, 5, 6, 7, 8
LANGUAGE_BITS = {"en": 16, "nl": 32}  # added to a role: which language's list a pattern came from
ROLE_MASK = 15
_OPINION_ROLES = {"positive": POSITIVE, "negative": NEGATIVE, "neutral": NEUTRAL}


@dataclass(frozen=True, slots=True)
class AspectLexicon:
    """Per code and language the phrases of each role, plus the words that make a complaint hypothetical."""

    patterns: Mapping[str, Mapping[str, tuple[tuple[str, int], ...]]]  # code -> lang -> ((pattern, role), ...)
    hypothetical: Mapping[str, frozenset[str]]
    other_product: Mapping[str, frozenset[str]]
    can_fail: frozenset[str]
    default_failure: str
    clear_negative: frozenset[str] = frozenset()  # codes whose aspects need a clearly negative clause
    not_product: Mapping[str, frozenset[str]] = field(default_factory=dict)  # people, works: fail, are no product
    counterfactual: Mapping[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)  # "would have": unreal
    complement: Mapping[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)  # "compared to": other thing
    body_parts: Mapping[str, frozenset[str]] = field(default_factory=dict)  # "breaking his hand": an injury
    reported: Mapping[str, frozenset[tuple[str, ...]]] = field(default_factory=dict)  # "people complain about"

    def entries(self, tag: str) -> Iterator[tuple[str, tuple[str, str, int]]]:
        """Matcher entries (pattern, (tag, code, role + language bit)) for every code in both languages."""
        for code, by_lang in self.patterns.items():
            for lang, found in by_lang.items():
                for pattern, role in found:
                    yield pattern, (tag, code, role + LANGUAGE_BITS[lang])


def _roles(spec: dict, lang: str) -> tuple[tuple[str, int], ...]:
    """The (pattern, role) pairs one code declares for one language."""
    out: list[tuple[str, int]] = []
    for key, role in (("aspects", ASPECT), ("complaints", COMPLAINT), ("failures", FAILURE),
                      ("when_negated", WHEN_NEGATED), ("verdicts", VERDICT), ("benign", BENIGN)):
        out.extend((str(p), role) for p in (spec.get(key) or {}).get(lang) or ())
    for polarity, words in ((spec.get("opinions") or {}).get(lang) or {}).items():
        if polarity not in _OPINION_ROLES:
            raise ValueError(f"opinion polarity {polarity!r} is not one of {sorted(_OPINION_ROLES)}")
        out.extend((str(w), _OPINION_ROLES[polarity]) for w in words or ())
    return tuple(out)


def _word_sets(raw: object) -> Mapping[str, frozenset[str]]:
    """Per-language word sets."""
    raw = raw if isinstance(raw, dict) else {}
    return MappingProxyType({lang: frozenset(str(w) for w in raw.get(lang) or ()) for lang in ("en", "nl")})


def _phrase_sets(raw: object) -> Mapping[str, frozenset[tuple[str, ...]]]:
    """Per-language sets of short phrases, each a tuple of words."""
    raw = raw if isinstance(raw, dict) else {}
    return MappingProxyType({lang: frozenset(tuple(str(p).split()) for p in raw.get(lang) or ())
                             for lang in ("en", "nl")})


def parse_aspects(raw: dict, known_codes: frozenset[str]) -> AspectLexicon:
    """Validate and build the lexicon; every code must exist in the taxonomy."""
    codes = raw.get("codes") or {}
    default_failure = str(raw.get("default_failure", ""))
    unknown = (set(codes) | set(raw.get("can_fail") or ()) | set(raw.get("clear_negative") or ())
               | {default_failure}) - known_codes
    if unknown:
        raise ValueError(f"aspects name codes the taxonomy lacks: {sorted(unknown)}")
    return AspectLexicon(
        patterns=MappingProxyType({
            str(c): MappingProxyType({lang: _roles(spec, lang) for lang in ("en", "nl")}) for c, spec in codes.items()
        }),
        hypothetical=_word_sets(raw.get("hypothetical")),
        other_product=_word_sets(raw.get("other_product")),
        can_fail=frozenset(str(c) for c in raw.get("can_fail") or ()),
        default_failure=default_failure,
        clear_negative=frozenset(str(c) for c in raw.get("clear_negative") or ()),
        not_product=_word_sets(raw.get("not_product")),
        counterfactual=_phrase_sets(raw.get("counterfactual")),
        complement=_phrase_sets(raw.get("complement")),
        body_parts=_word_sets(raw.get("body_parts")),
        reported=_phrase_sets(raw.get("reported")),
    )


@cache
def aspects() -> AspectLexicon:
    """The shipped aspect lexicon, parsed once per process."""
    return parse_aspects(read_yaml("aspects.yaml"), frozenset(taxonomy().codes))
