"""Odd input never raises, results are deterministic, batches match single calls, results serialise."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from insight_service.analysis import DEFAULT_MAX_CHARS, Analysis, analyze, analyze_many


@pytest.mark.parametrize(
    "value", [None, "", "   ", 0, 42, 3.14, b"bytes tekst", ["a", "list"], "!!!", "🙂", "\x00\x01", "a" * 50]
)
def test_odd_input_never_raises(value: object) -> None:
    """None, numbers, bytes, empty and symbol-only input give a neutral-or-valid result."""
    result = analyze(value)
    assert isinstance(result, Analysis)
    assert result.language in ("nl", "en", "und")
    assert -1.0 <= result.sentiment.score <= 1.0


def test_empty_and_none_are_neutral_und() -> None:
    """No text means no sentiment and no language."""
    for value in (None, ""):
        result = analyze(value)
        assert (result.language, result.sentiment.score, result.sentiment.label) == ("und", 0.0, "neutral")


def test_huge_input_is_truncated() -> None:
    """Text beyond the configurable maximum is cut, not rejected, and spans stay inside the text."""
    text = ("De levering was waardeloos. " * 5000) + "Geweldig!"
    result = analyze(text)
    assert all(p.end <= DEFAULT_MAX_CHARS for p in result.pain_points)
    assert analyze(text, max_chars=100).sentiment.score < 0


def test_mixed_language_and_odd_ratings() -> None:
    """Mixed text and any rating value are accepted."""
    for rating in (None, 0, 1, 5, 10, 11, -3, "4", "vier", float("nan"), True):
        analyze("Great product maar de levering was slecht", rating=rating)


def test_deterministic() -> None:
    """The same input always gives the same result."""
    text = "Mooi toestel, maar de batterij is na een week kapot :( Klantenservice reageert niet!"
    assert analyze(text) == analyze(text)
    assert analyze(text).to_dict() == analyze(text).to_dict()


def test_analyze_many_matches_single_calls() -> None:
    """Batches accept strings and dicts and give the same results as one-by-one calls."""
    items = [
        "Snel geleverd, top!",
        {"text": "Battery died after a day", "rating": 2},
        {"text": "Top", "language": "nl"},
        {"text": None},
        "Snel geleverd, top!",
    ]
    results = analyze_many(items)
    assert len(results) == len(items)
    assert results[0] == analyze("Snel geleverd, top!")
    assert results[1] == analyze("Battery died after a day", rating=2)
    assert results[2] == analyze("Top", language="nl")
    assert results[3].sentiment.score == 0.0


def test_to_dict_is_json_ready() -> None:
    """to_dict() round-trips through JSON."""
    result = analyze("Scherm kapot, geen reactie van de klantenservice. Ik wil mijn geld terug!")
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {"language", "sentiment", "emotions", "pain_points", "journey_signals",
                         "analyzer_version", "taxonomy_version", "themes"}


def test_library_has_no_web_or_database_imports() -> None:
    """The analysis package stays pure: importing it loads neither Flask nor SQLAlchemy."""
    code = ("import sys, insight_service.analysis as a; a.analyze('test'); "
            "print(any(m.split('.')[0] in ('flask', 'sqlalchemy') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_fast_tokenizer_matches_the_span_regex() -> None:
    """The whitespace fast path yields exactly the tokens whose spans token_spans() reports."""
    from insight_service.analysis.tokens import _TOKEN_RE, lower_same_length, token_spans, tokenize

    texts = [
        "Wauw!! Dit is 'n TOP-product :-) 4/5, maar \\u2019t duurde... zooo lang 😡 ça va? (gr8)",
        "=)a =) (( (: ^^ -_- <3 </3 'tis 't was \\u002c ok",
        "Привет мир, naïve café 東京 x² a_b -- ** ## @@",
    ]
    for text in texts:
        low = lower_same_length(text)
        tokens = tokenize(low)
        assert tokens == _TOKEN_RE.findall(low)
        spans = token_spans(low, tokens)
        assert [low[a:b] for a, b in spans] == tokens
        assert spans == [m.span() for m in _TOKEN_RE.finditer(low)]


def test_span_finder_matches_the_regex_on_bracket_and_emoticon_soup() -> None:
    """Brackets are found in place (no whole-text regex scan), and the spans still equal the regex's everywhere."""
    import random

    from insight_service.analysis.tokens import _TOKEN_RE, token_spans, tokenize

    pieces = [*"ab (:)[]=;-'^<3/.,!?xo dp", " ", "\\u2019", "\\u002c", "'t", ":(", "(:", ")':", ":-)", "=)", "t"]
    rng = random.Random(5)
    for _ in range(20_000):
        low = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 30)))
        tokens = tokenize(low)
        assert token_spans(low, tokens) == [m.span() for m in _TOKEN_RE.finditer(low)], low


def test_deterministic_across_processes() -> None:
    """Results do not depend on the interpreter's string-hash seed."""
    code = ("import json, insight_service.analysis as a; "
            "print(json.dumps([a.analyze(t).to_dict() for t in ("
            "'Mooi toestel, maar de batterij is na een week kapot :( geen reactie van de klantenservice!', "
            "'Top', 'Super product, maar de levering was slecht and support never replied')]))")
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
