"""Token-sequence matcher for the data-driven vocabularies (pain points, journey cues, emotion words)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

Element = tuple[int, str]  # (mode, text): 0 exact, 1 prefix, 2 suffix, 3 contains
_EXACT, _PREFIX, _SUFFIX, _CONTAINS = 0, 1, 2, 3
_CACHE_LIMIT = 200_000


def compile_pattern(pattern: str) -> tuple[Element, ...]:
    """Turn "bezorg* te laat" into elements; "*" at an end means any letters there (inflection, compounds)."""
    out: list[Element] = []
    for part in str(pattern).lower().split():
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
    return core in token


class Matcher:
    """Finds every pattern occurrence in a token list; work per distinct token is cached."""

    __slots__ = ("_entries", "_exact_first", "_wild_first", "_first_cache")

    def __init__(self, entries: Iterable[tuple[str, Any]]) -> None:
        """Index patterns by their first element: exact ones in a dict, wildcard ones in a list."""
        self._entries: list[tuple[tuple[Element, ...], Any]] = []
        self._exact_first: dict[str, list[int]] = {}
        self._wild_first: list[int] = []
        self._first_cache: dict[str, tuple[int, ...]] = {}
        for pattern, payload in entries:
            elements = compile_pattern(pattern)
            if not elements:
                continue
            idx = len(self._entries)
            self._entries.append((elements, payload))
            if elements[0][0] == _EXACT:
                self._exact_first.setdefault(elements[0][1], []).append(idx)
            else:
                self._wild_first.append(idx)

    def _starting_with(self, token: str) -> tuple[int, ...]:
        """Entries whose first element accepts the token (computed once per distinct token)."""
        found = list(self._exact_first.get(token, ()))
        found.extend(i for i in self._wild_first if _element_matches(self._entries[i][0][0], token))
        # Longer patterns first so a phrase wins over its first word.
        found.sort(key=lambda i: -len(self._entries[i][0]))
        if len(self._first_cache) > _CACHE_LIMIT:
            self._first_cache.clear()
        result = self._first_cache[token] = tuple(found)
        return result

    def find(self, tokens: list[str]) -> list[tuple[Any, int, int]]:
        """All (payload, start token, end token) matches, in text order."""
        get = self._first_cache.get
        hits: list[tuple[Any, int, int]] = []
        n = len(tokens)
        for i, tok in enumerate(tokens):
            cands = get(tok)
            if cands is None:
                cands = self._starting_with(tok)
            for idx in cands:
                elements, payload = self._entries[idx]
                k = len(elements)
                if k == 1:
                    hits.append((payload, i, i + 1))
                elif i + k <= n and all(_element_matches(elements[e], tokens[i + e]) for e in range(1, k)):
                    hits.append((payload, i, i + k))
        return hits
