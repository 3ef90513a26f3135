"""Token-sequence matcher for the data-driven vocabularies (pain points, journey cues, emotion words)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from itertools import compress
from typing import Any

Element = tuple[int, str]  # (mode, text): 0 exact, 1 prefix, 2 suffix, 3 contains, 4 end of clause
_EXACT, _PREFIX, _SUFFIX, _CONTAINS, _END = 0, 1, 2, 3, 4
_END_TOKEN = "."  # sentinel appended to every token list so "<end>" also matches at the end of the text
_CACHE_LIMIT = 200_000


def compile_pattern(pattern: str) -> tuple[Element, ...]:
    """Turn "bezorg* te laat" into elements; "*" at an end means any letters there (inflection, compounds)."""
    # "<end>" matches clause punctuation or the end of the text ("stuk <end>": "ging de rits stuk.").
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


def _trie_regex(words: Iterable[str]) -> str:
    """One regex alternation of literal words, factored as a trie ("bat(?:terij|tery)"): the regex engine then
    tries a word's letters once instead of every alternative in turn (the same strings match)."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return "(?:" + body + ")?" if "" in node else body
    return emit(trie)


def _prefilter(elements: list[Element]) -> Callable[[str], bool]:
    """A cheap test that is true for every token one of the elements accepts (and rarely for others)."""
    by_mode: dict[int, list[str]] = {}
    for mode, core in elements:
        by_mode.setdefault(mode, []).append(core)
    never = re.compile(r"(?!)")
    prefix = re.compile(_trie_regex(by_mode[_PREFIX])).match if _PREFIX in by_mode else never.match
    contains = re.compile(_trie_regex(by_mode[_CONTAINS])).search if _CONTAINS in by_mode else never.search
    suffixes = tuple(by_mode.get(_SUFFIX, ()))
    exact = frozenset(by_mode.get(_EXACT, ()))
    end = _END in by_mode

    def possible(token: str) -> bool:
        return bool(prefix(token) or token.endswith(suffixes) or contains(token) or token in exact
                    or end and token[:1] in ".!?,;:")
    return possible


def _rest_matches(elements: tuple[Element, ...], tokens: list[str], i: int, first: int) -> bool:
    """Do elements[first:] accept the tokens from i + first on?"""
    return all(_element_matches(elements[e], tokens[i + e]) for e in range(first, len(elements)))


class Matcher:
    """Finds every pattern occurrence with one cached probe per token; only candidate positions are examined."""

    __slots__ = ("_singles", "_single_wild", "_pairs", "_pair_firsts", "_long_wild", "_cache", "_wild_first")

    def __init__(self, entries: Iterable[tuple[str, Any]]) -> None:
        """Split patterns by shape: single words, exact word pairs (+ rest), and wildcard-led phrases."""
        self._singles: dict[str, list[Any]] = {}
        self._single_wild: list[tuple[Element, Any]] = []
        self._pairs: dict[tuple[str, str], list[tuple[tuple[Element, ...], Any]]] = {}
        self._long_wild: list[tuple[tuple[Element, ...], Any]] = []
        # token -> (single-word payloads, wildcard phrases it may start, {next word: pairs} or None), or just
        # {next word: pairs} for a token that only starts exact pairs, or () if none
        self._cache: dict[str, tuple[Any, ...]] = {}
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
        # first word -> {second word: its phrases}: a token that starts pairs carries the words that may follow it
        self._pair_firsts: dict[str, dict[str, list[tuple[tuple[Element, ...], Any]]]] = {}
        for (first, second), found in self._pairs.items():
            self._pair_firsts.setdefault(first, {})[second] = found
        # Most tokens start no wildcard pattern: a few C-level tests rule them all out before the per-pattern tests.
        self._wild_first = _prefilter([el for el, _ in self._single_wild] + [e[0][0] for e in self._long_wild])

    def _learn(self, token: str) -> None:
        """Work out, once per distinct token, what patterns it can match or start."""
        if len(self._cache) > _CACHE_LIMIT:
            self._cache.clear()
        seconds = self._pair_firsts.get(token)
        may_wild = self._wild_first(token)
        if token not in self._singles and seconds is None and not may_wild:
            self._cache[token] = ()  # most new tokens: no pattern can match or start here
            return
        single: tuple[Any, ...] = tuple(self._singles.get(token, ()))
        wild: tuple[tuple[tuple[Element, ...], Any], ...] = ()
        if may_wild:
            single += tuple(p for el, p in self._single_wild if _element_matches(el, token))
            wild = tuple(e for e in self._long_wild if _element_matches(e[0][0], token))
        if single or wild:
            self._cache[token] = (single, wild, seconds)
        else:  # starts exact pairs only ("the", "niet"): the entry is its {next word: phrases} itself
            self._cache[token] = seconds if seconds is not None else ()

    def find(self, tokens: list[str], words: set[str] | None = None) -> list[tuple[Any, int, int]]:
        """All (payload, start token, end token) matches; "<end>" elements are not part of the span."""
        cache = self._cache
        for tok in (set(tokens) if words is None else words).difference(cache):
            self._learn(tok)
        try:
            # each token's entry and the positions of the few that match or start something, found in C
            entries = list(map(cache.__getitem__, tokens))
            candidates = [(i, entries[i]) for i in compress(range(len(entries)), entries)]
        except KeyError:  # another thread emptied the capped cache in between
            for tok in tokens:
                if tok not in cache:
                    self._learn(tok)
            candidates = [(i, c) for i, c in enumerate(cache.get(t, ()) for t in tokens) if c]
        hits: list[tuple[Any, int, int]] = []
        if not candidates:
            return hits
        n = len(tokens)
        padded = [*tokens, _END_TOKEN]
        for i, entry in candidates:
            if entry.__class__ is dict:  # most candidates only start exact pairs: one probe of the next word
                if i + 1 < n:
                    for elements, payload in entry.get(tokens[i + 1], ()):
                        k = len(elements)
                        if k == 2 or (i + k <= n + 1 and _rest_matches(elements, padded, i, 2)):
                            hits.append((payload, i, min(i + k - (elements[-1][0] == _END), n)))
                continue
            single, wild, seconds = entry
            if single:
                for payload in single:
                    hits.append((payload, i, i + 1))
            # most candidates only start exact pairs ("the", "niet"): one probe of the next word settles them
            if seconds is not None and i + 1 < n:
                for elements, payload in seconds.get(tokens[i + 1], ()):
                    k = len(elements)
                    if k == 2 or (i + k <= n + 1 and _rest_matches(elements, padded, i, 2)):
                        hits.append((payload, i, min(i + k - (elements[-1][0] == _END), n)))
            if wild:
                for elements, payload in wild:
                    k = len(elements)
                    if i + k <= n + 1 and _rest_matches(elements, padded, i, 1):
                        hits.append((payload, i, min(i + k - (elements[-1][0] == _END), n)))
        return hits
