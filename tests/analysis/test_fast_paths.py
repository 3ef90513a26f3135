"""The speed-ups give the same answers as the plain way they replace (matcher prefilter, compound heads, lookups,
the early neutral test)."""

from __future__ import annotations

import random
import re
from itertools import product

import pytest

from insight_service.analysis import matcher, morphology, neutral, wordinfo
from insight_service.analysis.lexicon import rules
from insight_service.analysis.pipeline import _matcher
from insight_service.analysis.tokens import tokenize
from insight_service.generator.dataset import generate

_ENDINGS = ("", "e", "en", "er", "ere", "st", "ste", "heid", "tje", "je", "d", "t", "s", "rder", "rdere", "rderen",
            "ing", "ed", "ies", "ly", "ness")
_PREFIXES = ("", "ge", "on", "super", "klant", "gebruiks", "over", "rder", "xq")


@pytest.fixture(scope="module")
def words() -> list[str]:
    """Tokens of generated feedback, lexicon words with Dutch and English affixes, and random letter strings."""
    dataset = generate(50, 600, seed=5)
    out = {tok for i in range(600) for tok in tokenize(dataset.feedback(i)["text"].lower())}
    rng = random.Random(13)
    for lang in ("nl", "en"):
        lexicon = sorted(w for w in rules()[lang].valence if w.isalpha())
        for prefix, word, ending in product(_PREFIXES, rng.sample(lexicon, 20), _ENDINGS):
            out.update((prefix + word + ending, prefix + word[:-1] + ending))
    out.update("".join(rng.choice("abdeghiklnorstuvz") for _ in range(rng.randint(1, 16))) for _ in range(1500))
    return sorted(out)


def _compound_plain(word: str, lr) -> float:
    """Dutch compound valence the plain way: every head looked up afresh (what wordinfo._nl_compound remembers)."""
    for mod, head in morphology.nl_compound_heads(word):
        if len(head) < 4 or head in morphology.NL_NEUTRAL_HEADS:
            break
        found = wordinfo._head_lookup(head, lr)
        if found is None or found[1] < morphology.NL_SHORT_HEAD and head not in morphology.NL_SHORT_HEADS \
                and mod not in morphology.NL_INTENSIFYING_MODIFIERS:
            continue
        if found[0]:
            return found[0] * 1.3 if mod in morphology.NL_BOOST_PREFIXES else found[0]
        break
    if word.startswith(morphology.NL_POSITIVE_PREFIXES) and len(word) >= 7:
        return 2.2
    if word.endswith(("loos", "loze")) and len(word) >= 7:
        return -1.6
    if word.startswith(morphology.NL_EXCESS_PREFIX) and len(word) >= 9:
        return -1.4
    return 0.0


def test_remembered_heads_change_no_compound(words: list[str]) -> None:
    """Dutch compounds looked up with the head memo (twice: cold, then remembered) equal the plain way."""
    lr = rules()["nl"]
    wordinfo._heads.clear()
    for _ in range(2):
        for word in words:
            assert wordinfo._nl_compound(word, lr) == _compound_plain(word, lr), word
    assert wordinfo._heads


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_misspelling_filter_misses_no_repair(words: list[str], lang: str) -> None:
    """A word whose undoubled form no lexicon word shares has no misspelling repair in the lexicon."""
    valence = rules()[lang].valence
    for word in words:
        if any(m in valence for m in morphology.misspellings(word)):
            assert neutral.squeeze(word) in wordinfo._undoubled(lang), word


def test_squeeze_cuts_runs_like_the_regex(words: list[str]) -> None:
    """squeeze() (groupby in C) gives what DOUBLED.sub(r"\\1") gives, line breaks and other scripts included."""
    rng = random.Random(7)
    extra = ["".join(rng.choice("aab\néé1") for _ in range(rng.randint(0, 9))) for _ in range(2000)]
    for word in [*words, *extra, "", "gooood", "zzz\n\nzz"]:
        assert neutral.squeeze(word) == neutral.DOUBLED.sub(r"\1", word), word


def test_trie_regex_matches_the_plain_alternation(words: list[str]) -> None:
    """The prefilter's trie-shaped regex accepts exactly what the plain alternation of its words accepts."""
    cores = ["batterij", "bat", "battery", "accu", "a", "ab", "abc", "prijs", "prijzen", "prijzig", "q.x"]
    rng = random.Random(11)
    tokens = [*words, *("".join(rng.choice("abtqxuc.") for _ in range(rng.randint(0, 8))) for _ in range(5000))]
    for chosen in (cores, cores[:3], ["x"], ["ab", "a"]):
        plain = re.compile("|".join(map(re.escape, chosen)))
        trie = re.compile(matcher._trie_regex(chosen))
        for token in tokens:
            assert bool(plain.match(token)) == bool(trie.match(token)), (chosen, token)
            assert bool(plain.search(token)) == bool(trie.search(token)), (chosen, token)


def test_matcher_prefilter_lets_every_wildcard_start_through(words: list[str]) -> None:
    """The one-test prefilter is true for every token some wildcard pattern's first element accepts."""
    m = _matcher()
    firsts = [el for el, _ in m._single_wild] + [e[0][0] for e in m._long_wild]
    possible = matcher._prefilter(firsts)
    for token in [*words, ".", "!", ",", ":-)", "4/5"]:
        if any(matcher._element_matches(el, token) for el in firsts):
            assert possible(token), token


def test_prefilter_handles_every_element_kind() -> None:
    """Exact, prefix, suffix, contains and end-of-clause elements all pass their own tokens and reject others."""
    possible = matcher._prefilter([matcher.compile_pattern(p)[0] for p in ("exact", "pre*", "*fix", "*mid*", "<end>")])
    assert all(map(possible, ("exact", "prefab", "suffix", "amidst", ".", ";")))
    assert not any(map(possible, ("exactly", "apre", "fixed", "mi", "word")))
    assert not matcher._prefilter([])("anything")


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_neutral_proof_only_for_words_the_full_path_finds_neutral(words: list[str], lang: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Every word the early test calls neutral resolves to NEUTRAL by every fallback, and most words are decided."""
    proven = [w for w in words if neutral.surely_neutral(w, lang)]
    monkeypatch.setattr(wordinfo, "surely_neutral", lambda word, lang: False)
    for word in proven:
        assert wordinfo._resolve(word, lang) is wordinfo.NEUTRAL, word
    assert len(proven) > len(words) // 4


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_neutral_proof_covers_every_derivation(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Inflected, negated, compounded, respelled and stretched forms of lexicon words are never proven neutral."""
    lr = rules()[lang]
    rng = random.Random(29)
    plain = sorted(w for w in lr.valence if w.isalpha() and w.isascii() and len(w) >= 4 and lr.valence[w])
    entries = rng.sample(plain, 150)
    endings = morphology._NL_SUFFIXES + ("der", "dere", "deren") if lang == "nl" else \
        tuple(s for s, _ in morphology._EN_SUFFIXES)
    forms = {f"{pre}{stem}{end}" for w in entries for pre in ("", "on", "un", "ge", "klant", "xyz")
             for stem in (w, w + w[-1], w[:-1], w[:-2] + w[-1], w[:-1] + "v", w[:-1] + "z", w[:-1] + "y")
             for end in ("", *endings, "d", "t")}
    forms.update(w[:2] + w[2] * 3 + w[3:] for w in entries)
    monkeypatch.setattr(wordinfo, "surely_neutral", lambda word, lang: False)
    for form in sorted(forms):
        if wordinfo._resolve(form, lang) is not wordinfo.NEUTRAL:
            assert not neutral.surely_neutral(form, lang), form


def _lookup_plain(word: str, lang: str, lr, table: dict[str, float]) -> float | None:
    """wordinfo._lookup without the reachable-table shortcut: every base form tried."""
    val = table.get(word)
    if val is not None:
        return val
    for cand in wordinfo._candidates(word, lang):
        if table.get(cand) is not None:
            return table[cand]
    if word.startswith("on" if lang == "nl" else "un") and len(word) > 5:
        inner = table.get(word[2:])
        if inner is None:
            inner = next((table[c] for c in wordinfo._candidates(word[2:], lang) if c in table), None)
        if inner is not None and inner > 0:
            return -0.8 * inner
    return None


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_lookup_shortcut_finds_what_the_base_forms_find(words: list[str], lang: str) -> None:
    """A plain word the reachable tables rule out has no base form (or "un-"/"on-" base) in the graded or opinion
    lexicon: _lookup with the shortcut equals the plain lookup, heads of Dutch compounds included."""
    lr = rules()[lang]
    heads = {w[i:] for w in words if len(w) >= 7 for i in range(3, len(w) - 3)}
    for word in sorted({*words, *heads, *(f"{p}{w}" for w in words[:400] for p in ("un", "on"))}):
        for table in (lr.valence, lr.fallback):
            assert wordinfo._lookup(word, lang, lr, table) == _lookup_plain(word, lang, lr, table), word


def test_head_endings_skip_only_words_without_heads(words: list[str]) -> None:
    """Dutch words whose last 4/5/6 letters end no reachable form have no compound head to find (exact precheck)."""
    found = neutral.tables("nl")[1]
    endings = neutral.head_endings("nl")
    rng = random.Random(17)
    lexicon = sorted(w for w in found if len(w) >= 4)
    compounds = [rng.choice(("klant", "gebruiks", "xq", "onder", "super")) + rng.choice(lexicon) for _ in range(5000)]
    skipped = 0
    for word in [*words, *compounds]:
        if len(word) >= 7 and not (word[-4:] in found or word[-5:] in found or word[-6:] in endings):
            skipped += 1
            assert not neutral._may_head(word, found), word
    assert skipped


def test_capital_regexes_match_their_plain_forms() -> None:
    """The shouted-word and title-run regexes, rewritten for speed, find what their plain forms find."""
    from insight_service.analysis import tokens

    caps = re.compile(r"\b[A-Z]{2,}[A-Z']*\b")
    title = re.compile(r"[A-Z][a-z'\u2019]+(?:[ \t]+[A-Z][a-z'\u2019]+)+")
    rng = random.Random(23)
    alphabet = list("ABXYZabxyz'\u2019 \t\n._-1\u00e9\u00c9") + ["Star Wars", "THE END", "I'M", "OK'"]
    for _ in range(10000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 24)))
        assert tokens._CAPS_RE.findall(text) == caps.findall(text), text
        assert [m.span() for m in tokens._TITLE_RUN.finditer(text)] == [m.span() for m in title.finditer(text)], text


def test_matcher_finds_what_every_pattern_at_every_position_finds() -> None:
    """Matcher.find (pair probes by next word, wildcard prefilter) gives the hits of testing every pattern at every
    position of generated feedback and of texts built from the patterns' own words."""
    m = _matcher()
    entries = [(matcher.compile_pattern(p), payload) for p, payload in _matcher_entries()]
    dataset = generate(40, 60, seed=9)
    texts = [dataset.feedback(i)["text"] for i in range(60)]
    rng = random.Random(31)
    vocab = sorted({core for elements, _ in entries for _, core in elements if core} | {"the", ".", "niet", "not"})
    texts += [" ".join(rng.choice(vocab) for _ in range(rng.randint(1, 12))) for _ in range(200)]
    for text in texts:
        toks = tokenize(text.lower())
        n = len(toks)
        padded = [*toks, matcher._END_TOKEN]
        plain = []
        for i in range(n):
            for elements, payload in entries:
                k = len(elements)
                if i + k <= n + (elements[-1][0] == matcher._END) and matcher._rest_matches(elements, padded, i, 0):
                    plain.append((payload, i, min(i + k - (elements[-1][0] == matcher._END), n)))
        assert sorted(m.find(toks)) == sorted(plain), text


def _matcher_entries():
    """The entries the pipeline's matcher is built from."""
    from insight_service.analysis import emotions, journey, pain_points

    return [*pain_points.entries(), *journey.entries(), *emotions.entries()]


def test_punctuation_boundaries_match_the_full_regex_without_boundary_words() -> None:
    """In text holding none of the boundary words, the punctuation-only regex finds exactly _BOUNDARY's matches,
    and clause_bounds / split_clauses give the same bounds either way."""
    from insight_service.analysis import clauses

    rng = random.Random(37)
    alphabet = list("abtuxz .,;:!?-\u2013\u2014\u2026\u2022\n\r\t\"')]([e4") + ["e.g.", "4.5", " - ", "...", "!?", "but"]
    checked = 0
    for _ in range(40000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        spans = [(m.span(), m.group()) for m in clauses._BOUNDARY.finditer(text)]
        assert [(m.span(), m.group()) for m in clauses._boundaries(text)] == spans, text
        if not any(w in text for w in clauses._BOUNDARY_WORDS):
            checked += 1
            assert [(m.span(), m.group()) for m in clauses._PUNCTUATION_BOUNDARY.finditer(text)] == spans, text
    assert checked > 10000


def test_result_makers_equal_the_dataclass_constructors() -> None:
    """result.maker builds what the frozen dataclass's own __init__ builds: equal, same repr, hash and dict form."""
    from insight_service.analysis import result

    sentiment = (result.new_sentiment(-0.42, "negative"), result.Sentiment(-0.42, "negative"))
    pain = (result.new_pain_point("battery", -0.7, 3, 9, 0, 20), result.PainPointHit("battery", -0.7, 3, 9, 0, 20))
    theme = (result.new_theme("hing snap", "hinge snaps", 4, 15), result.ThemePhrase("hing snap", "hinge snaps", 4, 15))
    fast = result.new_analysis("en", sentiment[0], (), (pain[0],), (), "9.9", "t1", (theme[0],))
    plain = result.Analysis("en", sentiment[1], (), (pain[1],), (), "9.9", "t1", (theme[1],))
    for made, built in (*[sentiment, pain, theme], (fast, plain)):
        assert type(made) is type(built)
        assert made == built and repr(made) == repr(built) and hash(made) == hash(built)
    assert fast.to_dict() == plain.to_dict()
    with pytest.raises(AttributeError):  # still frozen
        fast.language = "nl"  # type: ignore[misc]


def test_stretched_letter_check_behind_doubled_equals_both_regexes() -> None:
    """surely_neutral looks for a stretched letter only after a doubled one: the same words pass as with both
    regexes run on every word (a run of three letters always starts at or after the first doubled pair)."""
    rng = random.Random(29)
    for _ in range(20_000):
        word = "".join(rng.choice("aabeelooprst") for _ in range(rng.randint(1, 12)))
        doubled = neutral.DOUBLED.search(word)
        fast = bool(doubled and neutral.ELONGATED.search(word, doubled.start()))
        assert fast == bool(neutral.ELONGATED.search(word)), word


def test_surely_neutral_equals_the_plain_test(words: list[str]) -> None:
    """The reordered regex checks of surely_neutral give the same verdicts as the test written plainly."""
    def plain(word: str, lang: str) -> bool:
        if not (word.isascii() and word.isalpha() and word.islower()):
            return False
        own, found, opinion = neutral.tables(lang)
        if word in own or word in found:
            return False
        prefix = {"en": "un", "nl": "on"}[lang]
        n = len(word)
        if n > 5 and word.startswith(prefix) and word[2:] in found or opinion and neutral._may_find(word, opinion,
                                                                                                     prefix):
            return False
        if neutral.ELONGATED.search(word) or n >= 8 and (
                neutral.squeeze(word) if neutral.DOUBLED.search(word) else word) in neutral.undoubled(lang):
            return False
        if lang == "nl" and n >= 7:
            if word.startswith((*morphology.NL_POSITIVE_PREFIXES, morphology.NL_EXCESS_PREFIX)) \
                    or word.endswith(("loos", "loze")) or ((word[-4:] in found or word[-5:] in found
                                                            or word[-6:] in neutral.head_endings(lang))
                                                           and neutral._may_head(word, found)):
                return False
        return True

    stretched = [w + w[-1] * k for w in words[:400] for k in (1, 2, 3)]
    for lang in ("en", "nl"):
        for word in [*words, *stretched]:
            assert neutral.surely_neutral(word, lang) == plain(word, lang), (word, lang)
