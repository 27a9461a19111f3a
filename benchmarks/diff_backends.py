"""Benchmark: tokenizer time per report (jieba HMM off vs on) and differ backends (C++ vs pure Python).

Stage: benchmarks (not part of the package). Everything is measured in the same run, so the
ratios are meaningful on a noisy shared machine; absolute times are printed for context only.

    .venv/bin/python benchmarks/diff_backends.py            # whole guangan-2022 vs guangan-2023 (~40 s)
    .venv/bin/python benchmarks/diff_backends.py --quick    # first 3,000 tokens of each
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportdiff import tokenize as tokmod  # noqa: E402
from reportdiff.diff import backend_names, classify, diff_tokens  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
REPORTS = ["city/guangan-2022", "city/guangan-2023", "national/guowuyuan-2024", "province/sichuan-2024",
           "city/chengdu-2024", "city/mianyang-2024"]


def best_of(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        tokmod._tokenize_cached.cache_clear()  # time real work, not the memo
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="diff only the first 3,000 tokens of each report")
    ap.add_argument("--repeat", type=int, default=3, help="tokenizer repetitions (best time is kept)")
    args = ap.parse_args()

    t = time.perf_counter()
    tokmod.tokenize("预热")
    print(f"jieba start-up (dictionary + userdict): {time.perf_counter() - t:.2f} s")

    print(f"\ntokenize per report (best of {args.repeat}), HMM off vs on")
    print(f"{'report':28} {'chars':>7} {'tokens':>7} {'HMM off ms':>11} {'HMM on ms':>10} {'on/off':>7}")
    ratios = []
    for name in REPORTS:
        text = (CORPUS / f"{name}.txt").read_text(encoding="utf-8")
        run = partial(tokmod.tokenize, text)
        tokmod.HMM = False
        off = best_of(run, args.repeat)
        n = len(run())
        tokmod.HMM = True
        on = best_of(run, args.repeat)
        tokmod.HMM = False
        ratios.append(on / off)
        print(f"{name:28} {len(text):7d} {n:7d} {off * 1000:11.1f} {on * 1000:10.1f} {on / off:7.2f}")
    print(f"median HMM on/off time ratio: {statistics.median(ratios):.2f} (HMM is {'off' if not tokmod.HMM else 'on'})")

    old = (CORPUS / "city/guangan-2022.txt").read_text(encoding="utf-8")
    new = (CORPUS / "city/guangan-2023.txt").read_text(encoding="utf-8")
    old_toks, new_toks = tokmod.tokenize(old), tokmod.tokenize(new)
    if args.quick:
        old_toks, new_toks = old_toks[:3000], new_toks[:3000]
    print(f"\ndiff guangan-2022 vs guangan-2023: {len(old_toks)} vs {len(new_toks)} tokens, "
          f"{len({t.text for t in old_toks} | {t.text for t in new_toks})} distinct")
    results = {}
    times = {}
    backends: tuple[Literal["c", "python"], ...] = ("c", "python")
    for backend in backends:
        if backend not in backend_names():
            print(f"  backend {backend}: not installed")
            continue
        t = time.perf_counter()
        results[backend] = diff_tokens(old, old_toks, new, new_toks, backend=backend)
        times[backend] = time.perf_counter() - t
        print(f"  backend {backend:6}: {times[backend]:8.3f} s, {len(results[backend])} edits")
    if len(times) == 2:
        print(f"  python / c time ratio: {times['python'] / times['c']:.1f}x; identical edits: "
              f"{results['c'] == results['python']}")
    edits = next(iter(results.values()))
    t = time.perf_counter()
    classes = [classify(old, new, e, old_tokens=old_toks, new_tokens=new_toks) for e in edits]
    print(f"  classify {len(edits)} edits: {(time.perf_counter() - t) * 1000:.1f} ms; "
          + ", ".join(f"{c} {classes.count(c)}" for c in sorted(set(classes))))


if __name__ == "__main__":
    main()
