"""Resolve a token to its sentiment role (kind, valence, factor, flags), cached per language."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from .lexicon import (
    ABSENCE, AFTER_NUMBER, BOOST, CLAUSE, COMPARATIVE, COMPARE, CONCESSIVE, CONJ, CONTRAST, DESIRE, DUAL, END, FINAL,
    FUNC, IRREALIS, NEG, QUESTION, RAISER, SCALAR, SCOPE, SKIP, START_ONLY, TOO, WORD, Info, LanguageRules, rules,
)
from .morphology import (NL_BOOST_PREFIXES, NL_EXCESS_PREFIX, NL_INTENSIFYING_MODIFIERS, NL_NEUTRAL_HEADS,
                         NL_POSITIVE_PREFIXES, NL_SHORT_HEAD, NL_SHORT_HEADS, comparative_bases, de_elongate,
                         en_candidates, misspellings, nl_candidates, nl_compound_heads)
from .neutral import head_endings, squeeze, surely_neutral, tables, undoubled as _undoubled

NEUTRAL: Info = (0.0, WORD, 1.0, 0)
_CACHE_LIMIT = 200_000  # unseen tokens keep arriving in social text; cap memory by starting afresh
_caches: dict[str, dict[str, Info]] = {"en": {}, "nl": {}, "und": {}}
_OTHER = {"en": "nl", "nl": "en"}
_NEGATING = {"en": "un", "nl": "on"}  # _lookup: the prefix that negates a positive base
_IRREGULAR_COMPARATIVES = frozenset(("better", "beter", "betere"))
_heads: dict[str, tuple[float, int] | None] = {}  # Dutch compound head -> its lookup (None: not in the lexicon)
_FOREIGN_WEIGHT = 0.8  # a word borrowed from the other language counts a little less


@lru_cache(maxsize=64)
def _candidates(word: str, lang: str) -> tuple[str, ...]:
    """Inflectional base forms; a word is looked up in the graded and then the opinion lexicon, so keep a few."""
    return tuple(nl_candidates(word) if lang == "nl" else en_candidates(word))


def _lookup(word: str, lang: str, lr: LanguageRules, table: dict[str, float] | None = None) -> float | None:
    """Valence of a word or of one of its inflected base forms; "on-"/"un-" negate a positive base."""
    table = lr.valence if table is None else table
    val = table.get(word)
    if val is not None:
        return val
    if word.isascii() and word.isalpha() and word.islower() and not _may_reach(word, lang, lr, table):
        return None  # no inflection or negated base of this plain word is in the table (neutral.reachable)
    for cand in _candidates(word, lang):
        val = table.get(cand)
        if val is not None:
            return val
    if word.startswith("on" if lang == "nl" else "un") and len(word) > 5:
        inner = table.get(word[2:])
        if inner is None:
            inner = next((table[c] for c in _candidates(word[2:], lang) if c in table), None)
        if inner is not None and inner > 0:
            return -0.8 * inner
    return None


def _may_reach(word: str, lang: str, lr: LanguageRules, table: dict[str, float]) -> bool:
    """May _lookup find the plain word in the table (inflected, or negated by "un-"/"on-")? False is exact."""
    if table is lr.valence:
        found = tables(lang)[1]
    elif table is lr.fallback:
        found = tables(lang)[2]
    else:
        return True
    return word in found or len(word) > 5 and word[2:] in found and word.startswith(_NEGATING[lang])


def _base_valence(word: str, lang: str, lr: LanguageRules) -> float:
    """Valence via the lexicon, inflection stripping and (Dutch) compound heads."""
    val = _lookup(word, lang, lr)
    if val is not None:
        return val
    if "-" in word:
        # "high-quality", "super-snel": the parts carry the meaning; "non-"/"niet-" negate the rest.
        first, _, rest = word.partition("-")
        rest_val = _lookup(rest, lang, lr) or 0.0
        first_val = _lookup(first, lang, lr) or 0.0
        if first in ("non", "niet", "anti"):
            return -0.8 * rest_val if rest_val > 0 else -1.0
        if rest in ("free", "less", "loos", "vrij"):  # "charisma-free" is bad, "hassle-free" good
            return -0.8 * first_val
        if first in ("over", "under") and not rest_val:  # "over-priced", "under-cooked"
            return -1.0
        return first_val * 0.5 + rest_val
    val = _nl_compound(word, lr) if lang == "nl" else 0.0
    if not val and len(word) >= 8 and squeeze(word) in _undoubled(lang):
        val = next((lr.valence[m] for m in misspellings(word) if m in lr.valence), 0.0)
    return val


def _prepare(lang: str) -> None:
    """Build the derived lookup tables with the first word resolved, not with the first long word.

    Both languages at once: a text with the other language's hint may still be detected as this one."""
    for each in _OTHER:
        _undoubled(each)
        tables(each)
        head_endings(each)


def _head_lookup(head: str, lr: LanguageRules) -> tuple[float, int] | None:
    """Valence of a compound head and the length of the lexicon form it reached (itself or an inflected base)."""
    val = lr.valence.get(head)
    if val is not None:
        return val, len(head)
    if head.isascii() and head.isalpha() and head.islower() and not _may_reach(head, "nl", lr, lr.valence):
        return None  # neither a base form nor "on-" + a base is in the lexicon (as in _lookup)
    for cand in _candidates(head, "nl"):
        val = lr.valence.get(cand)
        if val is not None:
            return val, len(cand)
    val = _lookup(head, "nl", lr)  # "on-" + a positive base
    return None if val is None else (val, len(head))


def _nl_compound(word: str, lr: LanguageRules) -> float:
    """Dutch compounds take the valence of their head ("klantvriendelijk"), boosted by "super"/"top" modifiers."""
    heads = _heads
    if len(heads) > _CACHE_LIMIT:
        heads.clear()
    for mod, head in nl_compound_heads(word):
        if len(head) < 4 or head in NL_NEUTRAL_HEADS:
            break
        if head in heads:  # heads recur across compounds ("-heid", "-vriendelijk"): look each up once
            found = heads[head]
        else:
            found = heads[head] = _head_lookup(head, lr)
        if found is not None:
            val, size = found
            if size < NL_SHORT_HEAD and mod not in NL_INTENSIFYING_MODIFIERS and head not in NL_SHORT_HEADS:
                # a short word hides inside longer ones: "muziek" is no "ziek", "leraar" no "raar", "Michelle" no
                # "hel"; only after an intensifying modifier is it the head ("doodziek", "poeslief", "superleuk")
                continue
            if val:
                return val * 1.3 if mod in NL_BOOST_PREFIXES else val
            break  # the longest known head decides: "basisonderwijs" is an "onderwijs" (0), not a "wijs"
    if word.startswith(NL_POSITIVE_PREFIXES) and len(word) >= 7:
        return 2.2
    if word.endswith(("loos", "loze")) and len(word) >= 7:
        return -1.6
    if word.startswith(NL_EXCESS_PREFIX) and len(word) >= 9:
        return -1.4
    return 0.0


def _function_info(word: str, lr: LanguageRules, val: float) -> Info | None:
    """Roles of grammatical words: negators, boosters, contrast and clause markers."""
    if word in lr.negators:
        # factor: 0 only turns positive words ("barely"), 2 reaches the end of the clause ("none of ...")
        factor = 0.0 if word in lr.positive_only_negators else 2.0 if word in lr.clause_negators else 1.0
        return (0.0, NEG, factor, ABSENCE if word in lr.absence_negators else 0)
    if word in lr.boosters:
        return (val, BOOST, lr.boosters[word], DUAL if val else 0)
    if word in lr.contrast:
        return (val, CONTRAST, 1.0, START_ONLY if word in lr.contrast_start_only else 0)
    if word in lr.concessive:
        return (0.0, CONCESSIVE, 1.0, 0)
    if word in lr.too:
        return (0.0, TOO, 1.0, 0)
    if word in lr.irrealis:
        return (0.0, IRREALIS, 1.0, 0)
    if word in lr.conjunctions:
        return (0.0, CONJ, 1.0, 0)
    if word in lr.comparison:
        return (0.0, COMPARE, 1.0, 0)
    if word in lr.scope_breakers:
        return (0.0, SCOPE, 1.0, 0)
    return None


def _punct_info(token: str) -> Info | None:
    """Sentence and clause punctuation; "!" carries its count as the factor."""
    first = token[0]
    if first == "!":
        return (0.0, END, float(min(len(token), 4)), 0)
    if first == "?":
        return (0.0, END, 0.0, QUESTION)
    if first == "." or first == ";":
        return (0.0, END, 0.0, 0) if first == "." else (0.0, CLAUSE, 0.0, 0)
    if first in ",:()[]" and len(token) == 1 or token in ("\\u002c", ","):
        return (0.0, CLAUSE, 0.0, 0)
    return None


def _number_info(token: str) -> Info:
    """Numbers are neutral ("86" is slang in VADER, not in feedback); "4/5" and "8.5/10" are in-text ratings."""
    value, slash, scale = token.partition("/")
    try:
        ratio = float(value.replace(",", ".")) / float(scale) if slash else None
    except (ValueError, ZeroDivisionError):
        ratio = None
    if ratio is None or not 0 <= ratio <= 1 or scale not in ("5", "10", "100"):
        return NEUTRAL
    # 10/10 -> +2.7, 3/5 -> +0.3, 1/5 -> -2.1: a mid rating is lukewarm, not neutral praise.
    return (round(max(-3.0, min(3.0, (ratio - 0.55) * 6.0)), 2), WORD, 1.0, 0)


def _resolve(token: str, lang: str) -> Info:
    """Work out a token's info from scratch (the cache makes this a one-off per distinct token)."""
    if lang == "und":
        en, nl = resolve(token, "en"), resolve(token, "nl")
        return en if en != NEUTRAL or nl == NEUTRAL else nl
    if surely_neutral(token, lang):  # most new words: proven to have no role without trying every fallback
        return NEUTRAL
    return _role(token, lang)


def _role(token: str, lang: str) -> Info:
    """_resolve for a word of "en" or "nl" that the early neutral test did not settle."""
    lr = rules()[lang]
    if token.startswith("\\u"):
        if token == "\\u002c":
            return (0.0, CLAUSE, 0.0, 0)
        return (0.0, SKIP, 1.0, 0)
    if token[0].isdigit():
        return _number_info(token)
    word = token.replace("\\u2019", "'").replace("\u2019", "'")
    word = lr.spelling.get(word, word)
    val = lr.valence.get(word)
    if val is None and not word[0].isalnum():
        punct = _punct_info(word)
        if punct is not None:
            return punct
    flags = (FUNC if word in lr.function_verbs else 0) | (SCALAR if word in lr.scalar else 0)
    flags |= RAISER if word in lr.negation_raisers else 0
    flags |= DESIRE if word in lr.desire else 0
    if word in lr.clause_final:
        return (0.0, WORD, lr.clause_final[word], FINAL | flags)
    if word in lr.after_number:
        return (0.0, WORD, lr.after_number[word], AFTER_NUMBER | flags)
    func = _function_info(word, lr, val or 0.0)
    if func is not None:
        return (func[0], func[1], func[2], func[3] | flags)
    known = val is not None  # an explicit entry (even 0: "naar", "band") stops every fallback below
    if val is None:
        val = _base_valence(word, lang, lr)
    if not val:
        for form in de_elongate(word):
            info = resolve(form, lang)
            if info[0] or info[1] != WORD:
                return (info[0] * 1.2, info[1], info[2] * (1.1 if info[1] == BOOST else 1.0), info[3] | flags)
    if val > 0 and (word in _IRREGULAR_COMPARATIVES or any(b in lr.valence for b in comparative_bases(word, lang))):
        flags |= COMPARATIVE
    if known:
        return (val, WORD, 1.0, flags) if (val or flags) else NEUTRAL
    if not val and not word.isascii():
        # Emphasis accents ("géén", "écht", "zó") first; then any diacritic, for typos like "boeiën".
        for plain in (_strip_accents(word), _strip_accents(word, "\u0300\u0301\u0302\u0308")):
            if plain != word and (plain in lr.valence or plain in lr.negators or plain in lr.boosters):
                return resolve(plain, lang)
    if not val and lr.fallback and word not in lr.stopwords:
        val = _lookup(word, lang, lr, lr.fallback) or 0.0  # a word no graded lexicon knows: the opinion lexicon
    if not val and word not in lr.stopwords and word not in lr.false_friends and word.isalpha():
        other = rules()[_OTHER[lang]]
        if word not in other.false_friends:
            val = other.valence.get(word, 0.0) * _FOREIGN_WEIGHT
    return (val, WORD, 1.0, flags) if (val or flags) else NEUTRAL


def _strip_accents(word: str, marks: str = "\u0300\u0301\u0302") -> str:
    """Drop the given combining accents (by default not the diaeresis Dutch spelling needs: "geïrriteerd")."""
    decomposed = unicodedata.normalize("NFD", word)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in marks))


def resolve(token: str, lang: str) -> Info:
    """Cached token info for a language ("en", "nl" or "und")."""
    cache = _caches[lang]
    info = cache.get(token)
    if info is None:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
        elif not cache and lang != "und":
            _prepare(lang)
        info = cache[token] = _resolve(token, lang)
    return info


def infos(tokens: list[str], lang: str, words: set[str] | None = None) -> list[Info]:
    """Info for every token of a text (unseen tokens are resolved first, then one C-level map)."""
    cache = _caches[lang]
    new = (set(tokens) if words is None else words).difference(cache)
    if new:
        if lang == "und" or not cache or len(cache) + len(new) > _CACHE_LIMIT:
            for token in new:  # the general path: caps, first-use tables, both languages
                resolve(token, lang)
        else:
            for token in new:  # most new words are proven neutral at once (resolve() without its layers)
                cache[token] = NEUTRAL if surely_neutral(token, lang) else _role(token, lang)
    try:
        return list(map(cache.__getitem__, tokens))
    except KeyError:  # another thread emptied the capped cache in between: resolve one by one
        return [resolve(t, lang) for t in tokens]


_RATING_UNITS = frozenset(("stars", "star", "points", "sterren", "ster", "punten", "for", "voor", "from", "van"))
_OUT_OF = {"en": ("out", "of"), "nl": ("op", "de")}  # "8 out of 10", "4 op de 5"


def apply_spelled_ratings(tokens: list[str], token_infos: list[Info], lang: str) -> None:
    """"8 out of 10", "1 out of 5 stars", "4 op de 5": the first number takes the in-text rating's valence."""
    first, second = _OUT_OF.get(lang, ("out", "of"))
    for i in range(len(tokens) - 3):
        if tokens[i + 1] == first and tokens[i + 2] == second and tokens[i][:1].isdigit() \
                and tokens[i + 3].isdigit():
            after = tokens[i + 4] if i + 4 < len(tokens) else "."
            if not after[0].isalnum() or after in _RATING_UNITS:  # not "3 out of 10 people"
                token_infos[i] = _number_info(f"{tokens[i]}/{tokens[i + 3]}")
