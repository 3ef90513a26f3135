"""Analysis speed on text the process has never seen: a cold pass in a fresh process, beside VADER on the same texts."""

# Usage: python benchmarks/analysis_speed.py [--data DIR] [--generated N] [--rounds R]
# Every measurement runs in its own fresh child process: the library's tables are loaded first (on two fixed
# sentences that are not part of the measured texts), then every measured text is analysed exactly once, in order.
# Word-level caches fill as they would in a service that has just started; nothing is warmed by repeating a text.
# VADER (vaderSentiment) scores the very same texts in the same process, interleaved in chunks of 50 texts so that
# load on a shared machine touches both alike; times are CPU time of the single-threaded process.
# The dev rows are read in place from the shared data directory and never copied into the repository.
from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "sentiment"
CHUNK = 50
WARM_UP = {"en": "Arrived quickly, but the battery is rubbish.", "nl": "Snel geleverd, maar de batterij is slecht."}


def dev_texts(data: Path, lang: str) -> list[str]:
    """Distinct texts of the shared dev set of a language, in file order."""
    with open(data / f"{lang}.dev.jsonl", encoding="utf-8") as fh:
        texts = [json.loads(line)["text"] for line in fh if line.strip()]
    return list(dict.fromkeys(texts))


def generated_texts(lang: str, count: int, avoid: set[str]) -> list[str]:
    """Up to `count` distinct texts of the project's generator in a language (not in `avoid`)."""
    from insight_service.generator.dataset import generate

    dataset = generate(100, count * 20, seed=11)
    out: dict[str, None] = {}
    for i in range(count * 20):
        record = dataset.feedback(i)
        if record.get("language") == lang and record["text"] not in avoid:
            out[record["text"]] = None
            if len(out) >= count:
                break
    return list(out)


def child(args: argparse.Namespace) -> None:
    """One fresh process: load, then a cold pass (each text once) and a warm pass, ours and VADER interleaved."""
    lang, mode, source = args.child
    if mode == "memory":
        tracemalloc.start()
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from insight_service.analysis import analyze, sentiment_score

    texts = dev_texts(args.data, lang)
    if source == "gen":
        texts = generated_texts(lang, args.generated, set(texts))
    sia = SentimentIntensityAnalyzer()
    if mode == "sentiment":
        def ours(t: str) -> object:
            return sentiment_score(t, language=lang)
    else:
        def ours(t: str) -> object:
            return analyze(t, language=lang)
    ours(WARM_UP[lang]), sia.polarity_scores(WARM_UP[lang])  # lazy loading of tables, for both systems
    if mode == "memory":
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        for t in texts:
            ours(t)
        print(json.dumps({"traced_peak_mb": (tracemalloc.get_traced_memory()[1]) / 2**20,
                          "traced_pass_mb": (tracemalloc.get_traced_memory()[1] - base) / 2**20,
                          "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "n": len(texts)}))
        return
    clock = time.process_time
    result = {"n": len(texts), "tokens": sum(len(t.split()) for t in texts) / max(len(texts), 1)}
    for name in ("cold", "warm"):
        t_ours = t_vader = 0.0
        for k in range(0, len(texts), CHUNK):
            chunk = texts[k:k + CHUNK]
            t0 = clock()
            for t in chunk:
                ours(t)
            t1 = clock()
            for t in chunk:
                sia.polarity_scores(t)
            t2 = clock()
            t_ours += t1 - t0
            t_vader += t2 - t1
        result[name] = len(texts) / max(t_ours, 1e-9)
        result[name + "_vader"] = len(texts) / max(t_vader, 1e-9)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(result))


def run_child(args: argparse.Namespace, lang: str, mode: str, source: str) -> dict:
    """Start a fresh interpreter for one measurement and read its JSON line."""
    cmd = [sys.executable, __file__, "--data", str(args.data), "--generated", str(args.generated),
           "--child", lang, mode, source]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    """Measure every (language, source, mode) in fresh processes and print one table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--generated", type=int, default=2000, help="distinct generator texts per language (0: none)")
    parser.add_argument("--rounds", type=int, default=3, help="fresh processes per figure; the median is shown")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    sources = ("dev", "gen") if args.generated else ("dev",)
    print("texts/s on one core (CPU time), median of", args.rounds, "fresh processes; ratio = ours / VADER on the "
          "same texts in the same process; cold = first pass over unseen texts, warm = the same texts again")
    print(f"{'lang':4} {'texts':14} {'n':>5} {'tok':>4}  {'what':9} {'cold':>8} {'VADER':>8} {'ratio':>6}   "
          f"{'warm':>8} {'ratio':>6}  {'RSS MB':>6}")
    for lang in ("en", "nl"):
        for source in sources:
            for mode in ("sentiment", "full"):
                runs = [run_child(args, lang, mode, source) for _ in range(args.rounds)]
                med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
                cold_ratio = statistics.median(r["cold"] / r["cold_vader"] for r in runs)
                warm_ratio = statistics.median(r["warm"] / r["warm_vader"] for r in runs)
                label = "dev (shared)" if source == "dev" else "generated"
                print(f"{lang:4} {label:14} {med['n']:5.0f} {med['tokens']:4.0f}  {mode:9} {med['cold']:8,.0f} "
                      f"{med['cold_vader']:8,.0f} {cold_ratio:5.2f}x   {med['warm']:8,.0f} {warm_ratio:5.2f}x  "
                      f"{med['rss_mb']:6.0f}")
    for lang in ("en", "nl"):
        mem = run_child(args, lang, "memory", "dev")
        print(f"memory, full analysis of the {lang} dev texts under tracemalloc: peak {mem['traced_peak_mb']:.1f} MB "
              f"traced (tables included; the pass itself added {mem['traced_pass_mb']:.1f} MB), "
              f"peak RSS {mem['rss_mb']:.0f} MB (interpreter, VADER and tracemalloc included)")


if __name__ == "__main__":
    main()
