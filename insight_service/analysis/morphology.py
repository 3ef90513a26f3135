"""Candidate base forms for inflected Dutch and English words, and Dutch compound heads."""

from __future__ import annotations

import re

_ELONGATED = re.compile(r"(.)\1{2,}")
_VOWELS = frozenset("aeiou")
# Dutch spelling: a stem that lost its ending may need its long vowel doubled again or v/z restored to f/s.
_FINAL_VOICING = {"v": "f", "z": "s"}
NL_BOOST_PREFIXES = ("super", "mega", "hyper", "ultra", "kei", "bere", "reuze", "oer", "top", "dik")
NL_POSITIVE_PREFIXES = ("top", "super")
# A compound head (or the lexicon form it inflects to) shorter than this counts only after an intensifying modifier.
NL_SHORT_HEAD = 5
NL_SHORT_HEADS = frozenset(("vrij", "vrije"))  # "-vrij" is a productive suffix like "-loos": "glutenvrij", "zorgenvrij"
# "over-" before an inseparable "be-" participle is an excess: "overbemand", "overbelast", "overbevolkt"
NL_EXCESS_PREFIX = "overbe"
# Heads that mean something else at the end of a compound: "reisgenoten" are companions, not "enjoyed"
NL_NEUTRAL_HEADS = frozenset(("genoot", "genote", "genoten"))
NL_INTENSIFYING_MODIFIERS = frozenset((*NL_BOOST_PREFIXES, "dood", "doods", "rot", "bloed", "beeld", "kots", "stront",
                                       "snoei", "loei", "peper", "spot", "stok", "ijs", "kraak", "poep", "knetter",
                                       "poes", "brood", "bot", "pijn", "rete", "hemel", "wonder"))


def de_elongate(token: str) -> list[str]:
    """Forms of a stretched word ("zooo", "gooood"): runs cut to two letters, then to one."""
    if not _ELONGATED.search(token):
        return []
    two = _ELONGATED.sub(r"\1\1", token)
    one = _ELONGATED.sub(r"\1", token)
    return [two, one] if two != one else [two]


def _nl_respell(stem: str) -> list[str]:
    """Undo Dutch spelling changes at the end of a stem (dikk -> dik, grot -> groot, liev -> lief)."""
    out = [stem]
    if len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
        out.append(stem[:-1])
    last = stem[-1:] if stem else ""
    if last in _FINAL_VOICING:
        stem = stem[:-1] + _FINAL_VOICING[last]
        out.append(stem)
    if len(stem) >= 3 and stem[-1] not in _VOWELS and stem[-2] in _VOWELS and stem[-3] not in _VOWELS:
        out.append(stem[:-1] + stem[-2] + stem[-1])
    return out


_NL_SUFFIXES = ("heid", "ste", "st", "ere", "er", "tje", "etje", "je", "en", "e", "s", "t", "d")
_EN_SUFFIXES = (("ies", "y"), ("ied", "y"), ("ily", "y"), ("iest", "y"), ("ier", "y"), ("ness", ""), ("ing", ""),
                ("ing", "e"), ("ed", ""), ("ed", "e"), ("es", ""), ("s", ""), ("ly", ""), ("est", ""), ("er", ""),
                ("d", ""))


def _by_last_letter(rules: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[str, str, int], ...]]:
    """The suffix rules that can apply to a word, by its last letter (in their original order)."""
    out: dict[str, list[tuple[str, str, int]]] = {}
    for suffix, repl in rules:
        out.setdefault(suffix[-1], []).append((suffix, repl, len(suffix)))
    return {last: tuple(found) for last, found in out.items()}


# Only the few suffixes ending in a word's last letter are tried: the candidates (and their order) are the same.
_NL_BY_LAST = _by_last_letter(tuple((suffix, "") for suffix in _NL_SUFFIXES))
_EN_BY_LAST = _by_last_letter(_EN_SUFFIXES)


def nl_candidates(token: str) -> list[str]:
    """Possible lexicon forms of a Dutch word: strip endings, then repair spelling."""
    out: list[str] = []
    n = len(token)
    last = token[-1:]
    for suffix, _, k in _NL_BY_LAST.get(last, ()):
        if n - k >= 3 and token.endswith(suffix):
            out.extend(_nl_respell(token[:-k]))
    if last in "rne" and token.endswith(("rder", "rdere", "rderen")):  # comparative after r: lekkerder, duurder
        out.append(token[: token.rindex("rder") + 1])
    if last == "n" and token.endswith("heden") and n > 7:  # the plural of "-heid": "moeilijkheden", "wijsheden"
        out.extend(_nl_respell(token[:-5]))
    if n > 6 and last in "dt" and token.startswith("ge"):
        out.append(token[2:-1])
    return out


def en_candidates(token: str) -> list[str]:
    """Possible lexicon forms of an English word (plural, past, -ing, -ly, comparative)."""
    out: list[str] = []
    n = len(token)
    for suffix, repl, k in _EN_BY_LAST.get(token[-1:], ()):
        if n - k >= 3 and token.endswith(suffix):
            if k == 1 and suffix == "d" and token[-2] == "n":
                continue  # "-nd" ends an English word ("wind", "fund", "band"), never a clipped past ("pissd")
            stem = token[:-k] + repl
            out.append(stem)
            if not repl and len(stem) >= 3 and stem[-1] == stem[-2] and stem[-1] not in _VOWELS:
                out.append(stem[:-1])
    return out


def nl_compound_heads(token: str) -> list[tuple[str, str]]:
    """Split a Dutch compound into (modifier, head) pairs, longest head first (Dutch compounds are head-final)."""
    n = len(token)
    return [(token[:i], token[i:]) for i in range(3, n - 3)] if n >= 7 else []


def misspellings(token: str) -> list[str]:
    """Repairs of the commonest typo: one doubled letter too many or too few ("embarassing", "dissapointed")."""
    if len(token) < 8 or not token.isalpha():
        return []
    out: list[str] = []
    for i in range(1, len(token)):
        ch = token[i]
        if ch in _VOWELS:
            continue
        if token[i - 1] == ch:
            out.append(token[:i] + token[i + 1:])
        elif i + 1 < len(token) and token[i + 1] != ch:
            out.append(token[:i] + ch + token[i:])
    return out


def comparative_bases(token: str, lang: str) -> list[str]:
    """Base forms if a word looks like a comparative ("faster" -> fast, "easier" -> easy, "sneller" -> snel)."""
    if len(token) < 5 or not token.endswith(("er", "ere") if lang == "nl" else "er"):
        return []
    if lang == "nl":
        stem = token[:-3] if token.endswith("ere") else token[:-2]
        return _nl_respell(stem) + ([stem[:-1]] if stem.endswith("d") else [])  # duurder -> duur
    stem = token[:-2]
    out = [stem, stem + "e"]
    if stem.endswith("i"):
        out.append(stem[:-1] + "y")
    if len(stem) >= 3 and stem[-1] == stem[-2]:
        out.append(stem[:-1])
    return out
