"""Pain-point tagging quality on the hand-written cases: precision and recall per code and overall."""

# Usage: python benchmarks/pain_points_eval.py [--cases FILE] [--show-errors]
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import yaml

from insight_service.analysis import analyze, taxonomy

DEFAULT_CASES = Path(__file__).resolve().parent.parent / "tests" / "analysis" / "pain_points_cases.yaml"


def main() -> None:
    """Tag every case and print a per-code table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES)
    parser.add_argument("--show-errors", action="store_true")
    args = parser.parse_args()
    cases = yaml.safe_load(args.cases.read_text(encoding="utf-8"))["cases"]
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    clean_negatives = negatives = 0
    for case in cases:
        got = {p.code for p in analyze(case["text"], language=case.get("lang")).pain_points}
        want = set(case["codes"])
        for code in got & want:
            tp[code] += 1
        for code in got - want:
            fp[code] += 1
        for code in want - got:
            fn[code] += 1
        if not want:
            negatives += 1
            clean_negatives += not got
        if args.show_errors and got != want:
            print(f"  want {sorted(want)} got {sorted(got)}: {case['text']}")
    print(f"{len(cases)} cases ({negatives} that must produce no pain point), taxonomy {taxonomy().version}")
    print(f"{'code':18} {'tp':>3} {'fp':>3} {'fn':>3} {'precision':>9} {'recall':>7}")
    for code in [*taxonomy().codes, "ALL"]:
        t = sum(tp.values()) if code == "ALL" else tp[code]
        f_p = sum(fp.values()) if code == "ALL" else fp[code]
        f_n = sum(fn.values()) if code == "ALL" else fn[code]
        prec = t / (t + f_p) if t + f_p else 1.0
        rec = t / (t + f_n) if t + f_n else 1.0
        print(f"{code:18} {t:3d} {f_p:3d} {f_n:3d} {prec:9.3f} {rec:7.3f}")
    print(f"texts that must stay clean and did: {clean_negatives}/{negatives}")


if __name__ == "__main__":
    main()
