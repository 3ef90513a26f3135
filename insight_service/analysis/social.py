"""Social-media conventions: @mentions and links carry no sentiment, hashtags are split into words, and a
sarcasm hashtag turns the praise around it."""

from __future__ import annotations

import re
from functools import cache

from typing import TYPE_CHECKING

from .lexicon import WORD, rules
from .wordinfo import NEUTRAL, Info

if TYPE_CHECKING:
    from .sentiment import Pass

# A handle starts a word ("@user", not "info@shop.nl"); links run to the next whitespace.
_HANDLE_URL_RE = re.compile(r"(?<![\w.])@\w+|https?://\S+|www\.\S+")
_HASHTAG_RE = re.compile(r"#([^\W\d_][^\W_]*)")
_TRAILING_TAGS_RE = re.compile(r"(?:\s*#[^\W\d_][^\W_]*)+\s*$")
_CAMEL_RE = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_MAX_WORD = 20
# The hashtags that mark a post as ironic (Liebrecht, Kunneman & van den Bosch 2013, "The perfect solution
# for detecting sarcasm in tweets #not"; Riloff et al. 2013): the positive words around them mean the opposite.
SARCASM_TAGS = frozenset(("sarcasm", "sarcastic", "irony", "ironic", "not", "niet", "ironie", "sarcasme"))
_CACHE_LIMIT = 50_000
_tag_cache: dict[tuple[str, str], Info] = {}


def blank_handles(low: str) -> str:
    """@mentions and links replaced by spaces of the same length, so every character offset stays valid."""
    if "@" not in low and "http" not in low and "www." not in low:
        return low
    return _HANDLE_URL_RE.sub(lambda m: " " * len(m.group()), low)


def hashtags(text: str) -> list[str]:
    """Hashtag bodies as written ("NotImpressed", "epicfail"); empty for most texts."""
    return _HASHTAG_RE.findall(text) if "#" in text else []


@cache
def hashtag_vocabulary(lang: str) -> frozenset[str]:
    """Words a hashtag may be split into: sentiment words and the grammatical words of the language."""
    lr = rules()[lang]
    words = {w for w in lr.valence if w.isalpha() and len(w) >= 3}
    words.update(w for w in lr.stopwords | lr.negators | lr.contrast if w.isalpha())
    words.update(w for w in lr.boosters if w.isalpha())
    return frozenset(words)


def segment(body: str, lang: str) -> list[str]:
    """Split a hashtag into words: CamelCase when written so, else the split that leaves the fewest letters
    unexplained (then the fewest pieces); an unexplained run is kept as one piece (usually a name)."""
    if not body.islower() and not body.isupper():
        return [w.lower() for w in _CAMEL_RE.findall(body)]
    s = body.lower()
    vocab = hashtag_vocabulary(lang)
    n = len(s)
    # best[i] = (unexplained letters, pieces, previous cut, known word?) for the prefix s[:i]
    best: list[tuple[int, int, int, bool]] = [(0, 0, 0, True)] + [(n + 1, n + 1, 0, False)] * n
    for i in range(n):
        cost, pieces, _, _ = best[i]
        step = (cost + 1, pieces + 1, i, False)  # one unexplained letter
        if step[:2] < best[i + 1][:2]:
            best[i + 1] = step
        for j in range(i + 2, min(n, i + _MAX_WORD) + 1):
            if s[i:j] in vocab:
                cand = (cost, pieces + 1, i, True)
                if cand[:2] < best[j][:2]:
                    best[j] = cand
    out: list[str] = []
    i = n
    while i > 0:
        _, _, prev, known = best[i]
        piece = s[prev:i]
        if not known and out and out[-1][0] == "?":
            out[-1] = "?" + piece + out[-1][1:]  # merge runs of unexplained letters
        else:
            out.append(piece if known else "?" + piece)
        i = prev
    out.reverse()
    unexplained = sum(len(p) - 1 for p in out if p[0] == "?")
    if unexplained * 2 > n:
        return []
    # Three-letter sentiment words only count in a fully explained split ("sosad"), not in "cl|ass|ic".
    if unexplained and any(len(p) == 3 and p[0] != "?" and p in rules()[lang].valence for p in out):
        return []
    return [p for p in out if p[0] != "?"]


def hashtag_info(body: str, lang: str) -> Info:
    """Sentiment role of a hashtag token that is no word itself: its words scored as a short phrase."""
    key = (body, lang)
    info = _tag_cache.get(key)
    if info is None:
        from .sentiment import NAMED_FACTOR, run  # late import: sentiment imports nothing from here
        from .wordinfo import infos

        words = segment(body, lang) if lang in ("en", "nl") else []
        raw = run(words, infos(words, lang), lang, frozenset(), lean=False).raw if len(words) > 1 else 0.0
        if raw and lang == "en" and not body.islower() and not body.isupper() and not rules()[lang].negators & set(words):
            # an English CamelCase tag names an event, show or campaign ("#SummerSlam", "#TeaParty"), like a
            # Capitalised name in the text; one with a negator comments ("#NotImpressed")
            raw *= NAMED_FACTOR
        info = (round(raw, 3), WORD, 1.0, 0) if raw else NEUTRAL
        if len(_tag_cache) > _CACHE_LIMIT:
            _tag_cache.clear()
        _tag_cache[key] = info
    return info


def apply_hashtags(tokens: list[str], token_infos: list[Info], tags: list[str], lang: str) -> None:
    """Give hashtag tokens that are unknown as words ("notimpressed", "EpicFail") the sentiment of their parts."""
    bodies = {t.lower(): t for t in tags}
    for i, tok in enumerate(tokens):
        if tok in bodies and token_infos[i] == NEUTRAL:
            info = hashtag_info(bodies[tok], lang)
            if info is not NEUTRAL:
                token_infos[i] = info


def trailing_tag_start(text: str, tokens: list[str]) -> int:
    """Index of the first token of the hashtags that close a post ("... #boos #ns"), or len(tokens) if none do."""
    trailing = _TRAILING_TAGS_RE.search(text)
    if not trailing:
        return len(tokens)
    bodies = [b.lower() for b in _HASHTAG_RE.findall(trailing.group())]
    k = len(bodies)
    return len(tokens) - k if k and tokens[-k:] == bodies else len(tokens)


def unnegate_trailing_tags(sp: Pass, token_infos: list[Info], start: int) -> None:
    """A closing hashtag is a comment of its own: a negator in the text before it does not turn it ("Geen internet
    vandaag #ergernis" is annoyance, not its absence), so undo what the pass's negation scope did to it."""
    changed = False
    for i in range(start, len(sp.values)):
        if sp.negated[i] and token_infos[i][0]:
            value = token_infos[i][0]
            sp.clause_sums[sp.clause_at(i)] += value - sp.values[i]
            sp.values[i], sp.negated[i], changed = value, False, True
    if changed:
        from .sentiment import NEGATIVE_WEIGHT  # late import, as in hashtag_info

        sums = sp.clause_sums
        sp.raw = sum(sums) + (NEGATIVE_WEIGHT - 1.0) * sum(x for x in sums if x < 0)


def is_sarcastic(tags: list[str]) -> bool:
    """Whether a post carries a sarcasm hashtag."""
    return any(t.lower() in SARCASM_TAGS for t in tags)
