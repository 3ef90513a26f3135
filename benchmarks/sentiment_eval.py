"""Sentiment accuracy (binary, 3-class, per class, held-out source) and speed beside VADER (en) and textblob-nl (nl)."""

# Usage: python benchmarks/sentiment_eval.py [--data DIR] [--repeat N]
# The dev rows are read at run time from the shared data directory and never copied into the repository.
from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from insight_service.analysis import analyze, sentiment_score

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sentiment"
LABELS = ("positive", "neutral", "negative")
# Sources never used to choose a rule or a constant (analyzer 1.2.0 and 2.0.0): checked only, to show generalisation.
HELD_OUT = {"en": ("yelp_labelled",), "nl": ("DU_REST_SB1_TEST",)}
# Our own hand-written Dutch neutral texts (the Dutch dev data has 2 neutral rows); reported apart from real data.
OWN_NEUTRAL_NL = Path(__file__).resolve().parent / "data" / "neutral_nl.txt"
# Our own hand-written Dutch check texts of kinds the dev data lacks (public figures' posts, restaurant complaints
# without evaluative words): written once before any rule was checked against them; a sanity check, not a figure.
OWN_CHECKS_NL = Path(__file__).resolve().parent / "data" / "social_nl.tsv"


def load(path: Path) -> list[dict]:
    """Rows of one jsonl file."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def short_source(source: str) -> str:
    """A readable source name: the file name without directories."""
    return source.rsplit("/", 1)[-1].replace(".txt", "").replace(".xml", "")[:40]


def label_of(score: float, threshold: float = 0.05) -> str:
    """Three-way label with VADER's thresholds (used for every system alike)."""
    return "positive" if score >= threshold else "negative" if score <= -threshold else "neutral"


def load_own_neutral(path: Path = OWN_NEUTRAL_NL) -> list[dict]:
    """The hand-written Dutch neutral texts as rows labelled neutral."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [{"text": t, "label": "neutral", "source": "own:neutral_nl"} for t in lines if t.strip() and t[0] != "#"]


def load_own_checks(path: Path = OWN_CHECKS_NL) -> list[dict]:
    """The hand-written Dutch check texts as rows (label, kind as source, text)."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and line[0] != "#":
            lab, kind, text = line.split("\t", 2)
            rows.append({"text": text, "label": lab, "source": "own:" + kind})
    return rows


def metrics(rows: list[dict], scores: list[float]) -> dict:
    """Binary accuracy on pos/neg (0 = miss), coverage, and 3-class macro-F1 when neutral items exist."""
    polar = [(r["label"], s) for r, s in zip(rows, scores) if r["label"] != "neutral"]
    correct = sum(1 for lab, s in polar if (s > 0 and lab == "positive") or (s < 0 and lab == "negative"))
    out: dict[str, float | None] = {
        "acc": correct / len(polar) if polar else None,
        "cov": sum(1 for s in scores if s) / len(scores) if scores else None,
        "f1": None,
        "per_class": None,
    }
    if any(r["label"] == "neutral" for r in rows):
        f1s = []
        for lab in LABELS:
            tp = sum(1 for r, s in zip(rows, scores) if r["label"] == lab and label_of(s) == lab)
            fp = sum(1 for r, s in zip(rows, scores) if r["label"] != lab and label_of(s) == lab)
            fn = sum(1 for r, s in zip(rows, scores) if r["label"] == lab and label_of(s) != lab)
            p = tp / (tp + fp) if tp + fp else 0.0
            rec = tp / (tp + fn) if tp + fn else 0.0
            f1s.append(2 * p * rec / (p + rec) if p + rec else 0.0)
        out["f1"] = sum(f1s) / 3
        out["per_class"] = f1s
    return out


def timed(fn: Callable[[str], float], texts: list[str], repeat: int) -> tuple[list[float], float]:
    """Scores and the best texts/second over `repeat` runs, in CPU time of this single-threaded process."""
    # CPU time, not wall time, so that other processes on a shared machine distort the comparison less.
    best = 0.0
    scores: list[float] = []
    for _ in range(repeat):
        t0 = time.process_time()
        scores = [fn(t) for t in texts]
        best = max(best, len(texts) / max(time.process_time() - t0, 1e-9))
    return scores, best


def baseline(lang: str) -> tuple[str, Callable[[str], float]]:
    """VADER for English, textblob-nl (Pattern's Dutch lexicon) for Dutch."""
    if lang == "en":
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        sia = SentimentIntensityAnalyzer()
        return "VADER", lambda t: sia.polarity_scores(t)["compound"]
    from textblob_nl import PatternAnalyzer

    analyzer = PatternAnalyzer()  # the analyser TextBlob(text, analyzer=PatternAnalyzer()) calls, minus the blob
    return "textblob-nl", lambda t: analyzer.analyze(t)[0]


def fmt(value: float | None) -> str:
    """Three decimals or a dash."""
    return "  -  " if value is None else f"{value:.3f}"


def main() -> None:
    """Evaluate both languages and print one table per language."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    for lang in ("en", "nl"):
        rows = load(args.data / f"{lang}.dev.jsonl")
        own = load_own_neutral() if lang == "nl" else []
        texts = [r["text"] for r in rows + own]
        name, base_fn = baseline(lang)
        for t in texts[:50]:  # warm caches and lazy loading for every system before timing
            sentiment_score(t, language=lang), analyze(t, language=lang), base_fn(t)
        ours_all, ours_tps = timed(lambda t: sentiment_score(t, language=lang), texts, args.repeat)
        _, full_tps = timed(lambda t: analyze(t, language=lang).sentiment.score, texts, args.repeat)
        base_all, base_tps = timed(base_fn, texts, args.repeat)
        ours, base = ours_all[:len(rows)], base_all[:len(rows)]
        groups: dict[str, list[int]] = defaultdict(list)
        for i, r in enumerate(rows):
            groups[short_source(r["source"])].append(i)
        held = [i for i, r in enumerate(rows) if any(h in r["source"] for h in HELD_OUT[lang])]
        tuned = sorted(set(range(len(rows))) - set(held))
        print(f"\n== {lang}: {len(rows)} texts  (ours vs {name}; acc = binary accuracy, 0 counts as a miss)")
        print(f"{'source':42} {'n':>5}  {'acc':>6} {'cov':>6} {'F1':>6}   {'b.acc':>6} {'b.cov':>6} {'b.F1':>6}"
              f"   F1 pos/neu/neg (ours)")
        report = [*sorted(groups.items()), ("TUNED ON", tuned), ("HELD OUT: " + ", ".join(HELD_OUT[lang]), held),
                  ("ALL (real data)", list(range(len(rows))))]
        for src, idx in report:
            sub = [rows[i] for i in idx]
            m = metrics(sub, [ours[i] for i in idx])
            b = metrics(sub, [base[i] for i in idx])
            per = "/".join(f"{x:.3f}" for x in m["per_class"]) if m["per_class"] else ""
            print(f"{src[:42]:42} {len(idx):5d}  {fmt(m['acc']):>6} {fmt(m['cov']):>6} {fmt(m['f1']):>6}   "
                  f"{fmt(b['acc']):>6} {fmt(b['cov']):>6} {fmt(b['f1']):>6}   {per}")
        if own:
            n = len(rows)
            own_ours, own_base = ours_all[n:], base_all[n:]
            share = sum(label_of(s) == "neutral" for s in own_ours) / len(own)
            b_share = sum(label_of(s) == "neutral" for s in own_base) / len(own)
            print(f"own Dutch neutral texts (hand-written, n={len(own)}): labelled neutral {share:.3f} "
                  f"(baseline {b_share:.3f})")
            m = metrics(rows + own, ours_all)
            b = metrics(rows + own, base_all)
            print(f"real data + own neutral texts, 3-class macro-F1: ours {fmt(m['f1'])} "
                  f"(pos/neu/neg {'/'.join(f'{x:.3f}' for x in m['per_class'])}), baseline {fmt(b['f1'])}")
        if lang == "nl":
            checks = load_own_checks()
            ours_c = [sentiment_score(r["text"], language=lang) for r in checks]
            base_c = [base_fn(r["text"]) for r in checks]
            for kind in sorted({r["source"] for r in checks}):
                idx = [i for i, r in enumerate(checks) if r["source"] == kind]
                m = metrics([checks[i] for i in idx], [ours_c[i] for i in idx])
                b = metrics([checks[i] for i in idx], [base_c[i] for i in idx])
                print(f"own check texts {kind} (hand-written, n={len(idx)}): acc {fmt(m['acc'])} F1 {fmt(m['f1'])}"
                      f" | baseline acc {fmt(b['acc'])} F1 {fmt(b['f1'])}")
        print(f"texts/s (one core): ours sentiment {ours_tps:,.0f} | ours full analyze() {full_tps:,.0f} | "
              f"{name} {base_tps:,.0f}")
        detected = [analyze(t).language for t in texts[:len(rows)]]  # no hint: what the detector finds on its own
        print(f"language detection without hint: {detected.count(lang) / len(rows):.3f} {lang}, "
              f"{detected.count('und') / len(rows):.3f} und")


if __name__ == "__main__":
    main()
