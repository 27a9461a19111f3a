"""Benchmark: full ``compare`` of guangan-2022 → guangan-2023 against difflib over jieba tokens.

Stage: benchmarks (not part of the package). Everything is measured in one run on the same machine,
so the ratios mean something on a noisy shared box; absolute times are printed for context.

1. Warm-up: jieba's dictionary load (reported on its own line, excluded from every other figure),
   then one untimed run of each measured function.
2. Full compare, median of 5: read nothing (texts are in memory), ``parse`` both, ``compare`` (align,
   sentence word diffs, summary), with goals and term shifts and without. The tokenizer memo is
   cleared before every run, so each run tokenizes both reports from scratch; one more line keeps
   the memo (the cost of compare() beyond tokenizing, as when one report is compared with several).
3. Baseline, median of 5: ``difflib.SequenceMatcher`` (default options, ``get_opcodes``) over the
   jieba tokens of the two whole texts, tokenization included, and the matcher alone.
4. Differ backends: the C++ port (fast-diff-match-patch) against pure-Python diff-match-patch, both
   with the timeout off, on the two whole token streams (one run each: the Python one takes tens of
   seconds; ``--quick`` cuts the streams to 3,000 tokens) and on the token ranges of the aligned
   sentence pairs compare() actually diffs (median of 5).

    .venv/bin/python benchmarks/diff.py            # ≈ 1 min (the pure-Python whole-text diff dominates)
    .venv/bin/python benchmarks/diff.py --quick    # ≈ 15 s
"""

from __future__ import annotations

import argparse
import difflib
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reportdiff import tokenize as tokmod  # noqa: E402
from reportdiff.align import features  # noqa: E402
from reportdiff.compare import compare  # noqa: E402
from reportdiff.diff import backend_names, diff_tokens  # noqa: E402
from reportdiff.model import Comparison, Report  # noqa: E402
from reportdiff.parse import parse  # noqa: E402
from reportdiff.tokenize import Token  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
TARGET_SECONDS = 0.25
TARGET_RATIO = 2.0


def median_time(fn: Callable[[], object], repeat: int, *, cold_tokens: bool = True) -> float:
    """Median wall time of ``fn`` over ``repeat`` runs (tokenizer memo cleared before each when asked)."""
    times = []
    for _ in range(repeat):
        if cold_tokens:
            tokmod._tokenize_cached.cache_clear()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def full_compare(old: str, new: str, *, extras: bool) -> Comparison:
    return compare(parse(old), parse(new), goals=extras, terms=extras)


def difflib_baseline(old: str, new: str, *, autojunk: bool = True) -> Sequence[tuple[str, int, int, int, int]]:
    a = [t.text for t in tokmod.tokenize(old)]
    b = [t.text for t in tokmod.tokenize(new)]
    return difflib.SequenceMatcher(None, a, b, autojunk=autojunk).get_opcodes()


def equal_tokens(ops: Sequence[tuple[str, int, int, int, int]]) -> int:
    return sum(i2 - i1 for tag, i1, i2, _j1, _j2 in ops if tag == "equal")


def sentence_pairs(cmp: Comparison) -> list[tuple[tuple[Token, ...], tuple[Token, ...]]]:
    """The token ranges of the linked sentence pairs compare() diffs word by word."""
    fo, fn = features(cmp.old), features(cmp.new)
    out = []
    for link in cmp.alignment.at("sentence"):
        if not (link.old and link.new) or link.kind in ("same", "moved"):
            continue
        os_, oe = _span(cmp.old, link.old)
        ns, ne = _span(cmp.new, link.new)
        out.append((fo.tokens_in(os_, oe), fn.tokens_in(ns, ne)))
    return out


def _span(report: Report, ids: tuple[str, ...]) -> tuple[int, int]:
    nodes = [report.node(i) for i in ids]
    return min(n.start for n in nodes), max(n.end for n in nodes)


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--old", default="city/guangan-2022", help="corpus report (default city/guangan-2022)")
    ap.add_argument("--new", default="city/guangan-2023", help="corpus report (default city/guangan-2023)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is kept")
    ap.add_argument("--quick", action="store_true", help="whole-text backend diff on the first 3,000 tokens only")
    args = ap.parse_args()
    old = (CORPUS / f"{args.old}.txt").read_text(encoding="utf-8")
    new = (CORPUS / f"{args.new}.txt").read_text(encoding="utf-8")

    t = time.perf_counter()
    tokmod.tokenize("预热")
    print(f"jieba start-up (dictionary + userdict, excluded below): {time.perf_counter() - t:.2f} s")
    print(f"{args.old} → {args.new}: {len(old):,} and {len(new):,} characters; median of {args.repeat}")

    # warm-up: one untimed run of everything measured below (imports, lexicons, metric tables)
    cmp = full_compare(old, new, extras=True)
    difflib_baseline(old, new)

    full = median_time(lambda: full_compare(old, new, extras=True), args.repeat)
    bare = median_time(lambda: full_compare(old, new, extras=False), args.repeat)
    warm = median_time(lambda: full_compare(old, new, extras=False), args.repeat, cold_tokens=False)
    parse_only = median_time(lambda: (parse(old), parse(new)), args.repeat, cold_tokens=False)
    base = median_time(lambda: difflib_baseline(old, new), args.repeat)
    # with its default autojunk, SequenceMatcher ignores every token that makes up more than 1 % of a
    # long text (，、的 and the like) and so misses matches; autojunk=False is the full diff
    full_base = median_time(lambda: difflib_baseline(old, new, autojunk=False), args.repeat)
    eq_default = equal_tokens(difflib_baseline(old, new))
    eq_full = equal_tokens(difflib_baseline(old, new, autojunk=False))
    a = [t.text for t in tokmod.tokenize(old)]
    b = [t.text for t in tokmod.tokenize(new)]
    matcher = median_time(lambda: difflib.SequenceMatcher(None, a, b).get_opcodes(), args.repeat, cold_tokens=False)
    tokens = median_time(lambda: (tokmod.tokenize(old), tokmod.tokenize(new)), args.repeat)

    print()
    print(f"{'measurement':58} {'seconds':>8} {'vs baseline':>12}")
    rows = [
        ("compare: parse + align + word diffs + goals + terms", full),
        ("compare: parse + align + word diffs (goals, terms off)", bare),
        ("  the same with both texts' tokens memoized", warm),
        ("  of which parse (both reports)", parse_only),
        ("  of which tokenize (both whole texts, cold)", tokens),
        ("baseline: jieba tokens + difflib.SequenceMatcher", base),
        ("  SequenceMatcher alone (tokens given)", matcher),
        ("  the baseline with autojunk=False (the full diff)", full_base),
    ]
    for label, seconds in rows:
        print(f"{label:58} {seconds:8.3f} {seconds / base:11.2f}x")
    for label, seconds in rows[:2]:
        speedup = base / seconds
        verdict = "meets" if seconds <= TARGET_SECONDS and speedup >= TARGET_RATIO else "misses"
        print(f"{label.split(':')[1].strip()}: {speedup:.2f}x faster than the baseline, "
              f"{verdict} the target (≤ {TARGET_SECONDS} s and ≥ {TARGET_RATIO:.0f}x)")
    print(f"autojunk: the default baseline keeps {eq_default:,} tokens equal, the full diff {eq_full:,}; "
          f"compare (goals, terms off) is {full_base / bare:.2f}x faster than the full-diff baseline")
    s = cmp.summary
    print(f"compare found: links {s['links']}, edit classes {s['classes']}, shares {s['shares']}")

    print("\ndiffer backends (timeout off, identical edits required)")
    backends: tuple[Literal["c", "python"], ...] = ("c", "python")
    names = [n for n in backends if n in backend_names()]
    pairs = sentence_pairs(cmp)
    ot, nt = tokmod.tokenize(old), tokmod.tokenize(new)
    if args.quick:
        ot, nt = ot[:3000], nt[:3000]
    results: dict[str, object] = {}
    whole: dict[str, float] = {}
    inside: dict[str, float] = {}
    for name in names:
        t = time.perf_counter()
        results[name] = diff_tokens(old, ot, new, nt, backend=name)
        whole[name] = time.perf_counter() - t
        inside[name] = median_time(
            lambda name=name: [diff_tokens(old, p, new, q, backend=name) for p, q in pairs],  # type: ignore[misc]
            args.repeat, cold_tokens=False)
        print(f"  {name:6}: whole texts ({len(ot):,} vs {len(nt):,} tokens) {whole[name]:8.3f} s; "
              f"{len(pairs)} aligned sentence pairs {inside[name] * 1000:8.1f} ms")
    if len(names) == 2:
        same = results["c"] == results["python"] and all(
            diff_tokens(old, p, new, q, backend="c") == diff_tokens(old, p, new, q, backend="python") for p, q in pairs)
        print(f"  python / c: whole texts {whole['python'] / whole['c']:.1f}x, "
              f"aligned sentences {inside['python'] / inside['c']:.1f}x; identical edits: {same}")


if __name__ == "__main__":
    main()
