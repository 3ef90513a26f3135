"""An exact early test that a new word has no sentiment role, so most unseen words skip every lexicon fallback.

About three in four words a service meets for the first time resolve to nothing, yet wordinfo._resolve only knows
that after trying inflections, compounds, misspellings, the opinion lexicon and the other language. Every one of
those fallbacks ends in a lookup of some string derived from the word in a lexicon table; the derivations are
fixed (strip a suffix, respell the stem's end), so they can be run backwards once, at load: from every lexicon
word, every word whose derivation could reach it. A word outside those sets cannot resolve to a role, and the test
says so with a few set probes. It is a superset test: a word inside them still takes the full path.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from .lexicon import LanguageRules, rules
from .morphology import _EN_SUFFIXES, _NL_SUFFIXES, NL_POSITIVE_PREFIXES, de_elongate

DOUBLED = re.compile(r"(.)\1+")
_NEGATING_PREFIX = {"en": "un", "nl": "on"}  # wordinfo._lookup: "un-"/"on-" negate a positive base
_OTHER = {"en": "nl", "nl": "en"}


@cache
def undoubled(lang: str) -> frozenset[str]:
    """The lexicon's words with every run of a letter cut to one: a misspelling of a word (one letter doubled too
    many or too few) is in the lexicon only if the word's cut form is in here, so most words skip the repairs."""
    return frozenset(DOUBLED.sub(r"\1", w) for w in rules()[lang].valence if len(w) >= 7)


def _plain(words: Iterable[str]) -> list[str]:
    """The entries a plain word (lower-case ASCII letters) can be derived to: only such entries."""
    return [w for w in words if w.isascii() and w.isalpha() and w.islower()]


def _en_sources(entry: str) -> Iterator[str]:
    """Every word whose English base forms (morphology.en_candidates) may include `entry`."""
    for suffix, repl in _EN_SUFFIXES:
        if entry.endswith(repl):
            yield entry[:len(entry) - len(repl)] + suffix  # stem + repl == entry
            if not repl:
                yield entry + entry[-1] + suffix  # a doubled final consonant undone: "stopped" -> stop


def _nl_stems(entry: str) -> set[str]:
    """Every stem whose Dutch respellings (morphology._nl_respell) may include `entry`."""
    out = {entry, entry + entry[-1]}  # as is; a doubled consonant undone (dikk -> dik)
    for form in (entry, entry[:-2] + entry[-1]):  # as is; a long vowel doubled again (grot -> groot)
        out.add(form)
        if form.endswith("f"):  # v/z restored to f/s (liev -> lief)
            out.add(form[:-1] + "v")
        elif form.endswith("s"):
            out.add(form[:-1] + "z")
    return out


def _nl_sources(entry: str) -> Iterator[str]:
    """Every word whose Dutch base forms (morphology.nl_candidates) may include `entry`."""
    for stem in _nl_stems(entry):
        for suffix in _NL_SUFFIXES:
            yield stem + suffix
    yield from (entry + "der", entry + "dere", entry + "deren")  # lekkerder -> lekker
    yield from ("ge" + entry + "d", "ge" + entry + "t")  # ge...d/t participles


def reachable(table: Iterable[str], lang: str) -> frozenset[str]:
    """Plain words whose lookup in `table` (wordinfo._lookup, without its "un-"/"on-" rule) may find a valence."""
    entries = _plain(table)
    sources = _nl_sources if lang == "nl" else _en_sources
    out = set(entries)
    for entry in entries:
        out.update(sources(entry))
    return frozenset(out)


@cache
def tables(lang: str) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(words with a role of their own, words a valence lookup may resolve, same for the opinion lexicon)."""
    lr: LanguageRules = rules()[lang]
    own: set[str] = set(lr.valence) | set(lr.spelling) | set(rules()[_OTHER[lang]].valence)
    for name in ("negators", "boosters", "contrast", "contrast_start_only", "concessive", "irrealis",
                 "positive_only_negators", "absence_negators", "comparison", "scope_breakers", "desire",
                 "clause_negators", "negation_raisers", "conjunctions", "too", "scalar", "function_verbs",
                 "clause_final", "after_number"):
        own.update(getattr(lr, name))
    return frozenset(own), reachable(lr.valence, lang), reachable(lr.fallback, lang)


def _may_find(word: str, found: frozenset[str], prefix: str) -> bool:
    """May wordinfo._lookup find a valence for the word (directly, inflected, or negated by the prefix)?"""
    return word in found or (word.startswith(prefix) and len(word) > 5 and word[2:] in found)


def surely_neutral(word: str, lang: str) -> bool:
    """True only if wordinfo._resolve(word, lang) is NEUTRAL (lang "en" or "nl"); False means: resolve it fully."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return False  # digits, punctuation, emoji, accents, capitals: the full path
    own, found, opinion = tables(lang)
    prefix = _NEGATING_PREFIX[lang]
    if word in own or _may_find(word, found, prefix) or opinion and _may_find(word, opinion, prefix):
        return False
    n = len(word)
    if de_elongate(word) or n >= 8 and (DOUBLED.sub(r"\1", word) if DOUBLED.search(word) else word) in undoubled(lang):
        return False  # "gooood"; a misspelling repair may apply
    if lang == "nl" and n >= 7:  # compounds: any head of four letters or more, the "top-"/"super-" and "-loos" rules
        if word.startswith(NL_POSITIVE_PREFIXES) or word.endswith(("loos", "loze")):
            return False
        for i in range(3, n - 3):
            if _may_find(word[i:], found, prefix):
                return False
    return True
