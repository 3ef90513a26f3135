"""analyze() and analyze_many(): tokens -> language -> sentiment pass -> emotions, pain points, journey."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from . import emotions, journey, pain_points, themes
from .clauses import clause_bounds
from .language import detect
from .matcher import Matcher
from .result import Analysis, PainPointHit, new_analysis, new_pain_point
from .scoring import Verdict, sentiment_of, text_score, verdict
from .sentiment import Pass, run
from .social import (apply_hashtags, blank_handles, hashtag_vocabulary, hashtags, is_sarcastic, trailing_tag_start,
                     unnegate_trailing_tags)
from .taxonomy import taxonomy
from .tokens import (DEFAULT_MAX_CHARS, SpanFinder, coerce_text, lower_same_length, named_words, repair_apostrophes,
                     shouted_words, tokenize)
from .wordinfo import apply_spelled_ratings, infos

# First and second person: a text that speaks of or to someone is not a plain report (scoring.REPORT_EVIDENCE)
PERSONAL = frozenset(("i", "me", "my", "mine", "i'm", "im", "i've", "i'd", "i'll", "we", "us", "our", "you", "your",
                      "u", "ur", "you're", "myself"))
ANALYZER_VERSION = "2.4.0"  # bump on any change to code or data files that changes results


@cache
def _matcher() -> Matcher:
    """One matcher over all vocabularies, so each token is looked up once (built with the theme stopwords and the
    hashtag vocabularies, so the first negative text or the first hashtag does not wait for them)."""
    themes.stopwords()
    for lang in ("en", "nl"):
        hashtag_vocabulary(lang)
    return Matcher([*pain_points.entries(), *journey.entries(), *emotions.entries()])


def _text_pass(text: str, language: object) -> tuple[str, list[str], set[str], str, Pass]:
    """Shared front half: tokens, their distinct set, language and the sentiment pass."""
    low = repair_apostrophes(blank_handles(lower_same_length(text)))  # same length: offsets stay valid
    tokens = tokenize(low)
    words = set(tokens)
    lang = detect(words, language if isinstance(language, str) else None)
    cased = not text.islower()
    shouted = shouted_words(text) if cased else frozenset()
    curly = "\u2019" in low or "\\u2019" in low
    token_infos = infos(tokens, lang, words)
    tags = hashtags(text)
    if tags:
        apply_hashtags(tokens, token_infos, tags, lang)
    if " out of " in low or " op de " in low:
        apply_spelled_ratings(tokens, token_infos, lang)
    # English only: Dutch capitalises no nouns and its reviews are long, so the scan would cost more than it saves
    named = named_words(text) if cased and lang == "en" else frozenset()
    sp = run(tokens, token_infos, lang, shouted, curly, named=named)
    if tags and any(sp.negated):
        unnegate_trailing_tags(sp, token_infos, trailing_tag_start(text, tokens))
    if lang == "en" and "!" not in low and (not words & PERSONAL and (named or any(w[:1].isdigit() for w in words))
                                            or low.endswith(("...", "\u2026")) or " via " in low):
        sp.reported = True
    if tags and sp.raw > 0 and is_sarcastic(tags):
        sp.raw = -sp.raw  # "Love waiting an hour for a bus #sarcasm"
    return low, tokens, words, lang, sp


def _judged(sp: Pass, low: str) -> tuple[float, Verdict]:
    """The text's score and verdict (opinion or none; see scoring.py), from the apostrophe-repaired text."""
    kind = verdict(sp.raw, "?" in low, "!" in low, sp.values, sp.reported) if sp.raw else "none"
    return text_score(sp.raw, kind), kind


def sentiment_score(text: object, *, language: str | None = None, max_chars: int = DEFAULT_MAX_CHARS) -> float:
    """Text-only sentiment score in [-1, 1] (no emotions, pain points or journey): the cheap path."""
    low, _, _, _, sp = _text_pass(coerce_text(text, max_chars), language)
    return round(_judged(sp, low)[0], 4)


def analyze(
    text: object, *, rating: object = None, language: str | None = None, max_chars: int = DEFAULT_MAX_CHARS
) -> Analysis:
    """Analyse one text; never raises on odd input (None, numbers, empty, huge, mixed languages)."""
    text = coerce_text(text, max_chars)
    low, tokens, words, lang, sp = _text_pass(text, language)
    by_tag: dict[str, list[tuple[str, str, int, int, int]]] = {"p": [], "j": [], "e": []}
    for (tag, key, flag), start, end in _matcher().find(tokens, words) if tokens else ():
        by_tag[tag].append((tag, key, flag, start, end))
    score, kind = _judged(sp, low)
    sentiment = sentiment_of(score, rating, kind, sp.values)
    negative = sentiment.label == "negative"  # only negative texts give theme phrases
    spans = SpanFinder(low, tokens).upto if by_tag["p"] or by_tag["j"] or negative else None
    # on the text as written (not the lower-cased one with links blanked): the migration of stored rows gets the same
    pains = (with_clauses(text, pain_points.collect(by_tag["p"], sp, spans, tokens, lang))
             if spans and by_tag["p"] else ())
    return new_analysis(  # = Analysis(...) without the frozen __init__ (result.maker), fields in order
        lang,
        sentiment,
        emotions.collect(by_tag["e"], sp) if by_tag["e"] else (),
        pains,
        journey.collect(by_tag["j"], sp, spans, text, "?" in text) if spans and by_tag["j"] else (),
        ANALYZER_VERSION,
        taxonomy().version,
        themes.extract(low, tokens, spans, sp, lang, pains) if negative else (),
    )


def with_clauses(text: str, pains: tuple[PainPointHit, ...]) -> tuple[PainPointHit, ...]:
    """The hits with the bounds of the clause around each span (what quotes show)."""
    return tuple(new_pain_point(p.code, p.sentiment, p.start, p.end, *clause_bounds(text, p.start, p.end))
                 for p in pains)


def _unpack(item: object) -> tuple[object, object, Any]:
    """(text, rating, language hint) from a str or a {"text", "rating", "language"} mapping."""
    if isinstance(item, Mapping):
        return item.get("text"), item.get("rating"), item.get("language")
    return item, None, None


def analyze_many(items: Iterable[object]) -> list[Analysis]:
    """Analyse a batch in order; identical items (reposts, duplicates) are analysed once."""
    seen: dict[tuple[str, str, str], Analysis] = {}
    out: list[Analysis] = []
    for item in items:
        text, rating, language = _unpack(item)
        key = (coerce_text(text), repr(rating), language if isinstance(language, str) else "")
        result = seen.get(key)
        if result is None:
            result = seen[key] = analyze(text, rating=rating, language=key[2] or None)
        out.append(result)
    return out
