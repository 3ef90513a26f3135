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
from itertools import groupby
from operator import itemgetter

from .lexicon import LanguageRules, rules
from .morphology import _ELONGATED as ELONGATED, _EN_SUFFIXES, _NL_SUFFIXES, NL_EXCESS_PREFIX, NL_POSITIVE_PREFIXES

DOUBLED = re.compile(r"(.)\1+")
_NEGATING_PREFIX = {"en": "un", "nl": "on"}  # wordinfo._lookup: "un-"/"on-" negate a positive base
_OTHER = {"en": "nl", "nl": "en"}
Words = dict[str, None]  # a set of words, kept as dict keys (see _untracked)
_FIRST = itemgetter(0)


def squeeze(word: str) -> str:
    """DOUBLED.sub(r"\\1", word): every run of a letter cut to one, in C (a template in re.sub runs Python per match)."""
    if "\n" in word:  # "." stops at a line break; tokens never hold one
        return DOUBLED.sub(r"\1", word)
    return "".join(map(_FIRST, groupby(word)))


@cache
def undoubled(lang: str) -> frozenset[str]:
    """The lexicon's words with every run of a letter cut to one: a misspelling of a word (one letter doubled too
    many or too few) is in the lexicon only if the word's cut form is in here, so most words skip the repairs."""
    return frozenset(DOUBLED.sub(r"\1", w) for w in rules()[lang].valence if len(w) >= 7)


def _plain(words: Iterable[str]) -> list[str]:
    """The entries a plain word (lower-case ASCII letters) can be derived to: only such entries."""
    return [w for w in words if w.isascii() and w.isalpha() and w.islower()]


def _en_sources(entries: list[str]) -> set[str]:
    """Every word whose English base forms (morphology.en_candidates) may include one of the entries."""
    out: set[str] = set()
    for suffix, repl in _EN_SUFFIXES:
        if repl:  # stem + repl == entry
            out.update(e[:-len(repl)] + suffix for e in entries if e.endswith(repl))
        else:  # as is; a doubled final consonant undone ("stopped" -> stop)
            out.update(e + suffix for e in entries)
            out.update(e + e[-1] + suffix for e in entries)
    return out


def _nl_stems(entry: str) -> Iterator[str]:
    """Every stem whose Dutch respellings (morphology._nl_respell) may include `entry`."""
    yield entry + entry[-1]  # a doubled consonant undone (dikk -> dik)
    for form in (entry, entry[:-2] + entry[-1]):  # as is; a long vowel doubled again (grot -> groot)
        yield form
        if form.endswith("f"):  # v/z restored to f/s (liev -> lief)
            yield form[:-1] + "v"
        elif form.endswith("s"):
            yield form[:-1] + "z"


def _nl_sources(entries: list[str]) -> set[str]:
    """Every word whose Dutch base forms (morphology.nl_candidates) may include one of the entries."""
    stems = {stem for e in entries for stem in _nl_stems(e)}
    out: set[str] = set()
    for suffix in _NL_SUFFIXES:
        out.update(stem + suffix for stem in stems)
    for ending in ("der", "dere", "deren"):  # lekkerder -> lekker
        out.update(e + ending for e in entries)
    for ending in ("d", "t"):  # ge...d/t participles
        out.update("ge" + e + ending for e in entries)
    out.update(stem + "heden" for stem in stems)  # plural of "-heid": "moeilijkheden"
    return out


def reachable(table: Iterable[str], lang: str) -> Words:
    """Plain words whose lookup in `table` (wordinfo._lookup, without its "un-"/"on-" rule) may find a valence."""
    entries = _plain(table)
    return _untracked((_nl_sources if lang == "nl" else _en_sources)(entries).union(entries))


def _untracked(words: Iterable[str]) -> Words:
    """The words as dict keys: a dict of strings leaves the garbage collector's watch, a set never does, so a full
    collection would walk these hundreds of thousands of entries every time (about 30 ms each)."""
    return dict.fromkeys(words)


@cache
def tables(lang: str) -> tuple[Words, Words, Words]:
    """(words with a role of their own, words a valence lookup may resolve, same for the opinion lexicon)."""
    lr: LanguageRules = rules()[lang]
    own: set[str] = set(lr.valence) | set(lr.spelling) | set(rules()[_OTHER[lang]].valence)
    for name in ("negators", "boosters", "contrast", "contrast_start_only", "concessive", "irrealis",
                 "positive_only_negators", "absence_negators", "comparison", "scope_breakers", "desire",
                 "clause_negators", "negation_raisers", "conjunctions", "too", "scalar", "function_verbs",
                 "clause_final", "after_number"):
        own.update(getattr(lr, name))
    return _untracked(own), reachable(lr.valence, lang), reachable(lr.fallback, lang)


def _may_find(word: str, found: Words, prefix: str) -> bool:
    """May wordinfo._lookup find a valence for the word (directly, inflected, or negated by the prefix)?"""
    return word in found or (len(word) > 5 and word.startswith(prefix) and word[2:] in found)


def _may_head(word: str, found: Words) -> bool:
    """May a Dutch compound head of the word (wordinfo._nl_compound: word[i:] for 3 <= i <= len - 4) be found?"""
    n = len(word)
    if not found.keys().isdisjoint([word[i:] for i in range(3, n - 3)]):
        return True
    at = word.find("on", 3, n - 4)  # a head "on..." of six letters or more negates the rest: "onvriendelijk"
    while at >= 0:
        if word[at + 2:] in found:
            return True
        at = word.find("on", at + 1, n - 4)
    return False


def surely_neutral(word: str, lang: str) -> bool:
    """True only if wordinfo._resolve(word, lang) is NEUTRAL (lang "en" or "nl"); False means: resolve it fully."""
    if not (word.isascii() and word.isalpha() and word.islower()):
        return False  # digits, punctuation, emoji, accents, capitals: the full path
    own, found, opinion = tables(lang)
    if word in own or word in found:
        return False
    prefix = _NEGATING_PREFIX[lang]
    n = len(word)
    if n > 5 and word.startswith(prefix) and word[2:] in found or opinion and _may_find(word, opinion, prefix):
        return False
    # "gooood"; a misspelling repair may apply. A stretched word has a doubled letter first: most words, with no
    # doubled letter, cost one regex search instead of two
    doubled = DOUBLED.search(word)
    if doubled:
        if ELONGATED.search(word, doubled.start()) or n >= 8 and squeeze(word) in undoubled(lang):
            return False
    elif n >= 8 and word in undoubled(lang):
        return False
    if lang == "nl" and n >= 7:  # compounds: any head of four letters or more, the "top-"/"super-" and "-loos" rules
        if word.startswith((*NL_POSITIVE_PREFIXES, NL_EXCESS_PREFIX)) or word.endswith(("loos", "loze")) or (
                (word[-4:] in found or word[-5:] in found or word[-6:] in head_endings(lang)) and _may_head(word, found)):
            return False
    return True


@cache
def head_endings(lang: str) -> Words:
    """The last six letters of every word of six or more a valence lookup may resolve: every head _may_head looks up
    is an ending of the word of at least four letters, so a word whose last four and five letters are not such words
    and whose last six end none of them has no head to find (the costly scan is skipped)."""
    return _untracked(w[-6:] for w in tables(lang)[1] if len(w) >= 6)
