"""Pain-point quality on real text: English laptop-review sentences and our annotated Dutch sentences, vs a baseline."""

# Usage: python benchmarks/pain_points_eval.py [--data DIR] [--show-errors en|nl] [--show-fired SOURCE]
# The texts are read at run time from the shared data directory and never copied into the repository; the Dutch
# set stores only references (review sha1 + character offsets) and our labels (benchmarks/data/pain_points_nl.jsonl,
# guideline in docs/pain_points_nl_guideline.md). The hand-written cases in tests/analysis/ are regression tests
# and are not reported here: they were written beside the rules and measure nothing about real feedback.
# The last section counts the pain points fired on the shared sentiment dev texts (tweets, film, phone, product,
# book and restaurant sentences), which carry no pain-point labels: a count, not a precision (see `fired_report`).
from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from insight_service.analysis import analyze, taxonomy
from insight_service.analysis.matcher import Matcher
from insight_service.analysis.pipeline import sentiment_score
from insight_service.analysis.tokens import tokenize

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
NL_LABELS = Path(__file__).resolve().parent / "data" / "pain_points_nl.jsonl"
# Codes the laptop data can express (its README); the Dutch set is judged on every code.
EN_JUDGED = ("defect", "battery", "delivery", "price", "customer_service", "usability", "software")
Tagger = Callable[[str, str], set[str]]
# Sentiment dev rows that are held out (never read to choose a rule) and short names of the other sources.
HELD_OUT = ("yelp_labelled", "DU_REST_SB1_TEST")
SOURCES = {"tweeteval": "tweets", "imdb_labelled": "imdb", "amazon_cells": "amazon (phones)",
           "amazonReviewSnippets": "vader amazon", "bol.com": "bol.com", "restaurants_dutch": "restaurant"}


def load(path: Path) -> list[dict]:
    """Rows of one jsonl file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def analyzer(text: str, lang: str) -> set[str]:
    """Codes the analyzer reports."""
    return {p.code for p in analyze(text, language=lang).pain_points}


def keyword_baseline() -> Tagger:
    """A keyword tagger over the taxonomy's own terms: a self-negative term, or any term in a negative text."""
    entries = []
    for code in taxonomy().codes.values():
        for lang in ("en", "nl"):
            entries += [(p, (code.code, False)) for p in code.terms.get(lang, ())]
            entries += [(p, (code.code, True)) for p in code.negative_terms.get(lang, ())]
    matcher = Matcher(entries)

    def tag(text: str, lang: str) -> set[str]:
        found = matcher.find(tokenize(text.lower()))
        negative = sentiment_score(text, language=lang) <= -0.05 if found else False
        return {code for (code, self_negative), _, _ in found if self_negative or negative}

    return tag


def score(rows: list[tuple[str, str, set[str], str]], tagger: Tagger, judged: tuple[str, ...], show: bool = False
          ) -> dict[str, Counter[str]]:
    """tp/fp/fn per (code, part) over rows of (text, lang, gold codes, part)."""
    out: dict[str, Counter[str]] = {"tp": Counter(), "fp": Counter(), "fn": Counter()}
    for text, lang, want, part in rows:
        got = tagger(text, lang) & set(judged)
        for kind, codes in (("tp", got & want), ("fp", got - want), ("fn", want - got)):
            for code in codes:
                out[kind][code, part] += 1
        if show and got != want:
            print(f"  want {sorted(want)} got {sorted(got)}: {text[:160]}")
    return out


def prf(counts: dict[str, Counter[str]], code: str | None, part: str | None) -> tuple[float, float, float, int]:
    """Precision, recall, F1 and support for one code (None: micro over all) and part (None: all)."""
    def total(kind: str) -> int:
        return sum(v for (c, p), v in counts[kind].items() if code in (None, c) and part in (None, p))
    tp, fp, fn = total("tp"), total("fp"), total("fn")
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0, tp + fn


def report(title: str, rows: list[tuple[str, str, set[str], str]], judged: tuple[str, ...], parts: tuple[str, ...],
           show: bool) -> None:
    """Print per-code and micro P/R/F1 of the analyzer beside the keyword baseline."""
    ours = score(rows, analyzer, judged, show)
    base = score(rows, keyword_baseline(), judged)
    print(f"\n{title}: {len(rows)} sentences, {sum(1 for r in rows if r[2])} with a pain point; "
          f"taxonomy {taxonomy().version}")
    print(f"{'code':18} {'support':>7}   {'P':>5} {'R':>5} {'F1':>5}   baseline P/R/F1")
    for code in [*judged, None]:
        p, r, f, n = prf(ours, code, None)
        bp, br, bf, _ = prf(base, code, None)
        print(f"{code or 'micro (all)':18} {n:7d}   {p:5.2f} {r:5.2f} {f:5.2f}   {bp:.2f}/{br:.2f}/{bf:.2f}")
    for part in parts:
        p, r, f, n = prf(ours, None, part)
        bp, br, bf, _ = prf(base, None, part)
        print(f"{'micro, ' + part:18} {n:7d}   {p:5.2f} {r:5.2f} {f:5.2f}   {bp:.2f}/{br:.2f}/{bf:.2f}")


def english_rows(data: Path) -> list[tuple[str, str, set[str], str]]:
    """Laptop sentences with their gold codes; even review ids are the tuning half, odd ones the check."""
    rows = load(data / "painpoints" / "en.dev.jsonl")
    return [(r["text"], "en", set(r["codes"]), "odd ids" if int(r["id"].split(":")[0]) % 2 else "even ids")
            for r in rows]


def dutch_rows(data: Path) -> list[tuple[str, str, set[str], str]]:
    """Our annotated Dutch sentences, cut from the shared review texts by their references."""
    texts = {hashlib.sha1(r["text"].encode()).hexdigest(): r["text"] for r in load(data / "sentiment" / "nl.dev.jsonl")}
    out = []
    for ref in load(NL_LABELS):
        text = texts.get(ref["review_sha1"], "")[ref["start"]:ref["end"]]
        if hashlib.sha1(text.encode()).hexdigest()[:12] != ref["sentence_sha1"]:
            raise SystemExit(f"the shared Dutch data changed: reference {ref['review_sha1']} no longer matches")
        out.append((text, "nl", set(ref["codes"]), ref["source"]))
    return out


def unlabelled_rows(data: Path) -> list[tuple[str, str, str, str]]:
    """(text, lang, sentiment label, short source) of the shared sentiment dev texts, held-out rows left out."""
    out = []
    for lang in ("en", "nl"):
        path = data / "sentiment" / f"{lang}.dev.jsonl"
        if not path.exists():
            continue
        for r in load(path):
            if not any(h in r["source"] for h in HELD_OUT):
                source = next((v for k, v in SOURCES.items() if k in r["source"]), r["source"])
                out.append((r["text"], lang, r["label"], source))
    return out


def fired_report(data: Path, show: str | None) -> None:
    """Pain points fired on texts that have no pain-point labels: per source and code, and on positive texts.

    Not a precision: nobody labelled these texts, a positive text may still name one flaw, and a negative film
    review names no product. It shows where the rules fire outside the domains they were written for; whether a
    fired pain point is right is judged by reading them (`--show-fired SOURCE`), see benchmarks/README.md."""
    rows = unlabelled_rows(data)
    if not rows:
        print(f"skipped the unlabelled texts: {data / 'sentiment'} not found")
        return
    codes = list(taxonomy().codes)
    stats: dict[tuple[str, str], Counter[str]] = {}
    for text, lang, label, source in rows:
        fired = analyze(text, language=lang).pain_points
        c = stats.setdefault((lang, source), Counter())
        c["texts"] += 1
        c["positive texts"] += label == "positive"
        c["fired"] += len(fired)
        c["fired on positive"] += len(fired) if label == "positive" else 0
        c.update(p.code for p in fired)
        if show in (source, "all") and fired:
            for p in fired:
                print(f"  [{source}/{label}] {p.code}: <<{text[p.start:p.end][:80]}>> {text[:200]!r}")
    print("\nPain points fired on texts without pain-point labels (shared sentiment dev texts, held-out rows left "
          "out):\na count of what fires, NOT a precision; right or wrong is judged by reading (benchmarks/README.md)")
    print(f"{'lang source':22} {'texts':>5} {'per 100':>7} {'positive':>8} {'per 100 pos':>11}   fired per code")
    totals: dict[str, Counter[str]] = {}
    for (lang, source), c in sorted(stats.items()):
        totals.setdefault(lang, Counter()).update(c)
        per_code = ", ".join(f"{code} {c[code]}" for code in codes if c[code])
        print(f"{lang + ' ' + source:22} {c['texts']:5d} {100 * c['fired'] / c['texts']:7.1f} {c['positive texts']:8d} "
              f"{100 * c['fired on positive'] / max(1, c['positive texts']):11.1f}   {per_code or '-'}")
    for lang, c in sorted(totals.items()):
        print(f"{lang + ', all sources':22} {c['texts']:5d} {100 * c['fired'] / c['texts']:7.1f} "
              f"{c['positive texts']:8d} {100 * c['fired on positive'] / max(1, c['positive texts']):11.1f}")


def main() -> None:
    """Evaluate both languages when their data is present."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--show-errors", choices=("en", "nl"))
    parser.add_argument("--show-fired", metavar="SOURCE", help="print the pain points fired on one source of the "
                        "unlabelled texts (tweets, imdb, 'amazon (phones)', 'vader amazon', bol.com, restaurant, all)")
    args = parser.parse_args()
    if (args.data / "painpoints" / "en.dev.jsonl").exists():
        report("English laptop reviews (SemEval-2015 train, negative opinions)", english_rows(args.data), EN_JUDGED,
               ("even ids", "odd ids"), args.show_errors == "en")
    else:
        print(f"skipped English: {args.data / 'painpoints' / 'en.dev.jsonl'} not found")
    if (args.data / "sentiment" / "nl.dev.jsonl").exists():
        report("Dutch feedback sentences (our annotation)", dutch_rows(args.data), tuple(taxonomy().codes),
               ("bol.com", "restaurant"), args.show_errors == "nl")
    else:
        print(f"skipped Dutch: {args.data / 'sentiment' / 'nl.dev.jsonl'} not found")
    fired_report(args.data, args.show_fired)


if __name__ == "__main__":
    main()
