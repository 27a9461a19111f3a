"""Benchmark of the parse stage: milliseconds per report and per 10k characters over tests/data/corpus.

Stage: parse (measurement only). Imports the parser, parses every corpus report once as a warm-up,
then times ``parse(text)`` for each file in ``--runs`` runs and reports the median per file, the
overall milliseconds per 10,000 characters (target ≤ 15) and, because machines here are shared and
noisy, the ratio to a baseline measured in the same run: one regex pass that splits the same text
into sentences (the least work any parser must do). Usage::

    .venv/bin/python benchmarks/parse.py [--runs 3] [--corpus tests/data/corpus] [--quiet]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportdiff.parse import parse  # noqa: E402

TARGET_MS_PER_10K = 15.0
_BASELINE_RE = re.compile(r"[^。！？；\n]*[。！？；\n]")


@dataclass(frozen=True)
class FileTiming:
    """Median parse time of one file over the runs, with its size and outline size."""

    name: str
    chars: int
    parse_ms: float
    baseline_ms: float
    sections: int
    sentences: int


def baseline(text: str) -> int:
    """The reference workload: one regex pass splitting the text into sentence-like pieces."""
    return sum(1 for _ in _BASELINE_RE.finditer(text))


def _time_ms(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000.0


def measure(files: list[Path], *, runs: int) -> list[FileTiming]:
    """Median parse and baseline time per file; every file is parsed once first as a warm-up."""
    texts = [(p, p.read_text(encoding="utf-8")) for p in files]
    shapes = {}
    for p, text in texts:  # warm-up: regex compilation, lazy imports, caches
        r = parse(text, source=str(p))
        baseline(text)
        shapes[p] = (len(r.sections), len(r.sentences))
    parse_runs: dict[Path, list[float]] = {p: [] for p, _ in texts}
    base_runs: dict[Path, list[float]] = {p: [] for p, _ in texts}
    for _ in range(runs):
        for p, text in texts:
            parse_runs[p].append(_time_ms(lambda t=text: parse(t)))  # type: ignore[misc]
            base_runs[p].append(_time_ms(lambda t=text: baseline(t)))  # type: ignore[misc]
    return [FileTiming(name=p.stem if p.parent.name == "data" else f"{p.parent.name}/{p.stem}", chars=len(text),
                       parse_ms=statistics.median(parse_runs[p]), baseline_ms=statistics.median(base_runs[p]),
                       sections=shapes[p][0], sentences=shapes[p][1])
            for p, text in texts]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--corpus", type=Path, default=ROOT / "tests" / "data" / "corpus")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--quiet", action="store_true", help="only the summary lines")
    args = ap.parse_args(argv)
    files = sorted(args.corpus.glob("*/*.txt"))
    seed = ROOT / "tests" / "data" / "seed.txt"
    if args.corpus == ROOT / "tests" / "data" / "corpus" and seed.exists():
        files.append(seed)
    if not files:
        print(f"no .txt reports under {args.corpus}", file=sys.stderr)
        return 2
    timings = measure(files, runs=args.runs)
    if not args.quiet:
        print(f"{'file':34} {'chars':>7} {'ms':>8} {'ms/10k':>7} {'×base':>6} {'secs':>5} {'sents':>6}")
        for t in timings:
            ratio = t.parse_ms / t.baseline_ms if t.baseline_ms > 0 else float("inf")
            print(f"{t.name:34} {t.chars:7d} {t.parse_ms:8.2f} {t.parse_ms * 1e4 / t.chars:7.2f} "
                  f"{ratio:6.1f} {t.sections:5d} {t.sentences:6d}")
    chars = sum(t.chars for t in timings)
    total = sum(t.parse_ms for t in timings)
    base = sum(t.baseline_ms for t in timings)
    per10k = total * 1e4 / chars
    slowest = max(timings, key=lambda t: t.parse_ms * 1e4 / t.chars)
    print(f"files: {len(timings)}, chars: {chars}, runs: {args.runs} (median per file)")
    print(f"parse: {total:.1f} ms total, {per10k:.2f} ms per 10k chars "
          f"(target ≤ {TARGET_MS_PER_10K:g}: {'ok' if per10k <= TARGET_MS_PER_10K else 'MISSED'})")
    print(f"slowest per char: {slowest.name} {slowest.parse_ms * 1e4 / slowest.chars:.2f} ms per 10k chars")
    print(f"baseline (one regex sentence pass): {base:.1f} ms; parse / baseline = {total / base:.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
