"""Load the shipped lexicons and rule files once per process into per-language tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from pathlib import Path
from typing import Any

import yaml

from .morphology import en_candidates

DATA_DIR = Path(__file__).parent / "data"
LANGUAGES = ("en", "nl")
PATTERN_EN_DAMPING = 0.75
# Hu & Liu's opinion words carry only a sign: a weak vote, heard only where no other lexicon knows the word.
OPINION_EN_VALENCE = 1.0
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Token kinds used by the sentiment pass (small ints keep the hot loop cheap).
WORD, NEG, BOOST, CONTRAST, CONCESSIVE, CONJ, CLAUSE, END, TOO, SKIP, IRREALIS, COMPARE, SCOPE = range(13)
# Flags carried next to the kind.
FUNC, SCALAR, START_ONLY, DUAL, QUESTION, FINAL, RAISER, AFTER_NUMBER, ABSENCE, DESIRE, COMPARATIVE = (
    1, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048)
# (first word, second word) -> [(all words, (valence, kind, factor, flags))], longest phrase first
Info = tuple[float, int, float, int]  # (valence, kind, factor, flags) of a token or phrase
PhraseTable = dict[tuple[str, str], list[tuple[tuple[str, ...], Info]]]
_KIND_NAMES = {"down": BOOST, "boost": BOOST, "neg": NEG, "concessive": CONCESSIVE, "contrast": CONTRAST,
               "word": WORD, "irrealis": IRREALIS, "conj": CONJ}


@dataclass(slots=True)
class LanguageRules:
    """Everything the analyser knows about one language."""

    valence: dict[str, float]
    negators: frozenset[str]
    boosters: dict[str, float]
    contrast: frozenset[str]
    contrast_start_only: frozenset[str]
    concessive: frozenset[str]
    irrealis: frozenset[str]
    positive_only_negators: frozenset[str]
    absence_negators: frozenset[str]
    comparison: frozenset[str]
    scope_breakers: frozenset[str]
    desire: frozenset[str]
    clause_negators: frozenset[str]
    negation_raisers: frozenset[str]
    conjunctions: frozenset[str]
    too: frozenset[str]
    scalar: frozenset[str]
    function_verbs: frozenset[str]
    spelling: dict[str, str]
    stopwords: frozenset[str]
    false_friends: frozenset[str]
    clause_final: dict[str, float]
    after_number: dict[str, float]
    phrases: PhraseTable = field(default_factory=dict)
    fallback: dict[str, float] = field(default_factory=dict)  # last-resort valences (never lent to the other language)


def read_yaml(name: str) -> Any:
    """Parse one YAML file from the data directory."""
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_Loader)


def read_tsv(name: str) -> dict[str, float]:
    """Read a token<TAB>valence file, skipping comments."""
    out: dict[str, float] = {}
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or "\t" not in line:
                continue
            word, _, value = line.rstrip("\n").partition("\t")
            out[word] = float(value)
    return out


def _words(values: Any) -> frozenset[str]:
    """Normalise a YAML list into a set of lower-case strings."""
    return frozenset(str(v).lower() for v in values or () if isinstance(v, str))


def _verb_forms(word: str) -> set[str]:
    """Regular English forms of a phrase's first word and of its base ("returned" -> return, returns, returning)."""
    forms: set[str] = set()
    for base in (word, *en_candidates(word)):
        stem = base[:-1] if base.endswith("e") else base
        forms.update((base, base + "s", base + "es", stem + "ed", stem + "ing"))
    return forms


def _phrase_table(raw: dict[str, Any], not_inflected: frozenset[str] | None = None) -> PhraseTable:
    """Index multi-word phrases by their first two tokens, longest first, with the info they stand for.

    With `not_inflected` given (English), a sentiment phrase whose first word is not in it also matches that word's
    regular inflections ("sending it back", "returning it"), unless a phrase is written out for that form."""
    table: PhraseTable = {}
    written: set[tuple[str, ...]] = set()
    variants: list[tuple[tuple[str, ...], Info]] = []
    for phrase, spec in (raw or {}).items():
        words = tuple(str(phrase).lower().split())
        if isinstance(spec, list) and spec[0] == "vow":  # a negator that is negative itself when it negates nothing
            info = (float(spec[1]), NEG, 1.0, 0)
        elif spec == ["denial"]:  # "Gezellig is anders": denies a fronted opinion word only, nothing after it
            info = (0.0, NEG, 1.0, FINAL)
        elif isinstance(spec, list):
            kind = _KIND_NAMES[spec[0]]
            info = (0.0, kind, float(spec[1]) or 1.0, 0) if kind != WORD else (float(spec[1]), WORD, 1.0, 0)
        else:
            info = (float(spec), WORD, 1.0, 0)
        if len(words) >= 2:
            table.setdefault((words[0], words[1]), []).append((words, info))
            written.add(words)
            if not_inflected is not None and info[0] and words[0].isalpha() and len(words[0]) >= 3 \
                    and words[0] not in not_inflected:
                variants.extend(((form, *words[1:]), info) for form in _verb_forms(words[0]) if form != words[0])
    for words, info in variants:
        if words not in written:
            written.add(words)
            table.setdefault((words[0], words[1]), []).append((words, info))
    for entries in table.values():
        entries.sort(key=lambda e: -len(e[0]))
    return table


def _build(lang: str, raw: dict[str, Any], valence: dict[str, float],
           fallback: dict[str, float] | None = None) -> LanguageRules:
    """Combine one language's rule section with its valence table."""
    boosters = {str(k): float(v) for k, v in (raw.get("intensifiers") or {}).items()}
    boosters.update({str(k): float(v) for k, v in (raw.get("downtoners") or {}).items()})
    # multi-word desire cues ("could be", "should be") are phrases whose only role is the flag
    desire_phrases = {w for w in _words(raw.get("desire")) if " " in w}
    phrase_table = _phrase_table(raw.get("phrases") or {}, _words(raw.get("stopwords")) if lang == "en" else None)
    for words in map(str.split, desire_phrases):
        entries = phrase_table.setdefault((words[0], words[1]), [])
        entries.append((tuple(words), (0.0, WORD, 1.0, DESIRE)))
        entries.sort(key=lambda e: -len(e[0]))
    return LanguageRules(
        valence=valence,
        negators=_words(raw.get("negators")),
        boosters=boosters,
        contrast=_words(raw.get("contrast")),
        contrast_start_only=_words(raw.get("contrast_start_only")),
        concessive=_words(raw.get("concessive")),
        irrealis=_words(raw.get("irrealis")),
        positive_only_negators=_words(raw.get("positive_only_negators")),
        absence_negators=_words(raw.get("absence_negators")),
        comparison=_words(raw.get("comparison")),
        scope_breakers=_words(raw.get("scope_breakers")),
        desire=_words(raw.get("desire")) - desire_phrases,
        clause_negators=_words(raw.get("clause_negators")),
        negation_raisers=_words(raw.get("negation_raisers")),
        conjunctions=_words(raw.get("conjunctions")),
        too=_words(raw.get("too")),
        scalar=_words(raw.get("scalar")),
        function_verbs=_words(raw.get("function_verbs")),
        spelling={str(k): str(v) for k, v in (raw.get("spelling") or {}).items()},
        stopwords=_words(raw.get("stopwords")),
        false_friends=_words(raw.get("false_friends")),
        clause_final={str(k): float(v) for k, v in (raw.get("clause_final") or {}).items()},
        after_number={str(k): float(v) for k, v in (raw.get("after_number") or {}).items()},
        phrases=phrase_table,
        fallback=fallback or {},
    )


@cache
def rules() -> dict[str, LanguageRules]:
    """Load both languages once: upstream lexicon, then our domain vocabulary on top (it wins)."""
    raw = read_yaml("rules.yaml")
    emoji = read_tsv("emoji.tsv")
    emoji.update(read_tsv("emoji_domain.tsv"))
    # Pattern's English adjectives only fill VADER's gaps, damped: they are per-sense averages, often extreme.
    en = {k: round(v * PATTERN_EN_DAMPING, 2) for k, v in read_tsv("pattern_en.tsv").items()}
    en.update(read_tsv("vader_en.tsv"))
    en.update(read_tsv("domain_en.tsv"))
    nl = read_tsv("pattern_nl.tsv")
    nl.update(read_tsv("domain_nl.tsv"))
    # Emoticons and emoji mean the same in both languages; VADER's emoticon entries are shared too.
    shared = {k: v for k, v in en.items() if not k[:1].isalnum()}
    shared.update(emoji)
    nl.update({k: v for k, v in shared.items() if k not in nl})
    en.update(emoji)
    opinion = {k: v * OPINION_EN_VALENCE for k, v in read_tsv("opinion_en.tsv").items()}
    return {"en": _build("en", raw["en"], en, opinion), "nl": _build("nl", raw["nl"], nl)}


@cache
def phrases(lang: str) -> PhraseTable:
    """Phrase table for a language; undetermined text uses both (English wins on a clash)."""
    if lang in LANGUAGES:
        return rules()[lang].phrases
    merged = dict(rules()["nl"].phrases)
    merged.update(rules()["en"].phrases)
    return merged


@cache
def _phrase_firsts(lang: str) -> frozenset[str]:
    """The words a phrase of the language can start with."""
    return frozenset(first for first, _ in phrases(lang))


def phrases_at(tokens: list[str], lang: str) -> dict[int, tuple[int, Info]]:
    """Longest phrase starting at each token, as {index: (length, info)}; one dict probe per word pair that starts
    with a phrase's first word (the others are skipped in C)."""
    table = phrases(lang)
    found: dict[int, tuple[int, Info]] = {}
    for i in compress(range(len(tokens) - 1), map(_phrase_firsts(lang).__contains__, tokens)):
        entries = table.get((tokens[i], tokens[i + 1]))
        if not entries:
            continue
        for words, info in entries:
            k = len(words)
            if k == 2 or tuple(tokens[i:i + k]) == words:
                found[i] = (k, info)
                break
    return found


@cache
def rules_version() -> str:
    """Version string of the rule file, part of the analyser version."""
    return str(read_yaml("rules.yaml").get("version", "0"))
