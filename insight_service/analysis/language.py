"""Offline language identification (nl / en / und) from function words and lexicon membership."""

from __future__ import annotations

from functools import cache

from .lexicon import rules

LANGS = ("nl", "en")
# Integer weights keep sums exact whatever order the word set is walked in (determinism across processes).
FUNCTION_WORD, LEXICON_WORD = 5, 2
HINT_BONUS = 4  # a source's language is only a hint: it breaks ties and settles very short texts
MIN_EVIDENCE = 5


@cache
def _tables() -> tuple[dict[str, int], dict[str, int], frozenset[str]]:
    """Per-token evidence weights: function words count fully, lexicon-only words count a little."""
    r = rules()
    nl_stop, en_stop = r["nl"].stopwords, r["en"].stopwords
    nl_w: dict[str, int] = {}
    en_w: dict[str, int] = {}
    for word in r["nl"].valence:
        if word.isalpha() and word not in r["en"].valence:
            nl_w[word] = LEXICON_WORD
    for word in r["en"].valence:
        if word.isalpha() and word not in r["nl"].valence:
            en_w[word] = LEXICON_WORD
    # Words that are function words in both languages ("in", "is", "was") tell nothing apart.
    for word in nl_stop - en_stop:
        nl_w[word] = FUNCTION_WORD
    for word in en_stop - nl_stop:
        en_w[word] = FUNCTION_WORD
    for word in nl_stop & en_stop:
        nl_w.pop(word, None)
        en_w.pop(word, None)
    for word in ("ij", "oe", "sch"):
        nl_w.pop(word, None)
    return nl_w, en_w, frozenset(nl_w).union(en_w)


@cache
def _packed() -> dict[str, int]:
    """Both weights of a word in one int (Dutch << 32 | English), so one sum over a text's words gives both."""
    nl_w, en_w, keys = _tables()
    return {word: nl_w.get(word, 0) << 32 | en_w.get(word, 0) for word in keys}


def detect(words: set[str] | frozenset[str], hint: str | None = None) -> str:
    """Return "nl", "en" or "und" (too little evidence) from a text's distinct words; deterministic."""
    keys = _tables()[2]
    # set & frozenset walks the smaller side: cost follows the text, not the lexicon
    both = sum(map(_packed().__getitem__, words & keys))
    nl, en = both >> 32, both & 0xFFFFFFFF  # a text has far fewer than 2**32 / 5 distinct words
    hint = (hint or "").lower()[:2]
    if hint == "nl":
        nl += HINT_BONUS
    elif hint == "en":
        en += HINT_BONUS
    if max(nl, en) < MIN_EVIDENCE or nl == en:
        return hint if hint in LANGS and max(nl, en) > 0 else "und"
    return "nl" if nl > en else "en"
