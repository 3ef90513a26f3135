"""Token-sequence matcher for the data-driven vocabularies (pain points, journey cues, emotion words)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Element = tuple[int, str]  # (mode, text): 0 exact, 1 prefix, 2 suffix, 3 contains, 4 end of clause
_EXACT, _PREFIX, _SUFFIX, _CONTAINS, _END = 0, 1, 2, 3, 4
_END_TOKEN = "."  # sentinel appended to every token list so "<end>" also matches at the end of the text
_CACHE_LIMIT = 200_000


def compile_pattern(pattern: str) -> tuple[Element, ...]:
    """Turn "bezorg* te laat" into elements; "*" at an end means any letters there (inflection, compounds).

    "<end>" matches clause punctuation or the end of the text ("stuk <end>": "ging de rits stuk.").
    """
    out: list[Element] = []
    for part in str(pattern).lower().split():
        if part == "<end>":
            out.append((_END, ""))
            continue
        star_start, star_end = part.startswith("*"), part.endswith("*") and len(part) > 1
        core = part.strip("*")
        mode = _CONTAINS if star_start and star_end else _SUFFIX if star_start else _PREFIX if star_end else _EXACT
        out.append((mode, core))
    return tuple(out)


def _element_matches(element: Element, token: str) -> bool:
    """Does one pattern element accept one token?"""
    mode, core = element
    if mode == _EXACT:
        return token == core
    if mode == _PREFIX:
        return token.startswith(core)
    if mode == _SUFFIX:
        return token.endswith(core)
    if mode == _END:
        return token[:1] in ".!?,;:"
    return core in token


class Matcher:
    """Finds every pattern occurrence in a token list with one dict probe per token and per word pair."""

    __slots__ = ("_singles", "_single_wild", "_pairs", "_long_wild", "_single_cache", "_wild_cache")

    def __init__(self, entries: Iterable[tuple[str, Any]]) -> None:
        """Split patterns by shape: single words, exact word pairs (+ rest), and wildcard-led phrases."""
        self._singles: dict[str, list[Any]] = {}
        self._single_wild: list[tuple[Element, Any]] = []
        self._pairs: dict[tuple[str, str], list[tuple[tuple[Element, ...], Any]]] = {}
        self._long_wild: list[tuple[tuple[Element, ...], Any]] = []
        self._single_cache: dict[str, tuple[Any, ...]] = {}
        self._wild_cache: dict[str, tuple[tuple[tuple[Element, ...], Any], ...]] = {}
        for pattern, payload in entries:
            elements = compile_pattern(pattern)
            if len(elements) == 1:
                if elements[0][0] == _EXACT:
                    self._singles.setdefault(elements[0][1], []).append(payload)
                else:
                    self._single_wild.append((elements[0], payload))
            elif len(elements) > 1:
                if elements[0][0] == _EXACT and elements[1][0] == _EXACT:
                    self._pairs.setdefault((elements[0][1], elements[1][1]), []).append((elements, payload))
                else:
                    self._long_wild.append((elements, payload))
        for found in self._pairs.values():
            found.sort(key=lambda e: -len(e[0]))

    def _learn(self, token: str) -> None:
        """Compute, once per distinct token, the single-word payloads and wildcard phrases it can start."""
        if len(self._single_cache) > _CACHE_LIMIT:
            self._single_cache.clear()
            self._wild_cache.clear()
        single = list(self._singles.get(token, ()))
        single.extend(p for el, p in self._single_wild if _element_matches(el, token))
        self._single_cache[token] = tuple(single)
        self._wild_cache[token] = tuple(e for e in self._long_wild if _element_matches(e[0][0], token))

    def find(self, tokens: list[str]) -> list[tuple[Any, int, int]]:
        """All (payload, start token, end token) matches; "<end>" elements are not part of the span."""
        cache = self._single_cache
        for tok in tokens:
            if tok not in cache:
                self._learn(tok)
        hits = [(p, i, i + 1) for i, c in enumerate(map(cache.__getitem__, tokens)) if c for p in c]
        n = len(tokens)
        pair_get = self._pairs.get
        for i, found in [(i, f) for i, f in enumerate(map(pair_get, zip(tokens, tokens[1:]))) if f]:
            for elements, payload in found:
                k = len(elements)
                if k == 2 or (i + k <= n and all(_element_matches(elements[e], tokens[i + e]) for e in range(2, k))):
                    hits.append((payload, i, i + k))
        if self._long_wild:
            wild = self._wild_cache
            padded = [*tokens, _END_TOKEN]
            for i, found in [(i, f) for i, f in enumerate(map(wild.__getitem__, tokens)) if f]:
                for elements, payload in found:
                    k = len(elements)
                    if i + k <= n + 1 and all(_element_matches(elements[e], padded[i + e]) for e in range(1, k)):
                        hits.append((payload, i, min(i + k - (elements[-1][0] == _END), n)))
        return hits
