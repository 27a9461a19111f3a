"""Batch scaling: throughput against the number of pairs (three sizes) and the number of workers.

Stage: batch (measurement only). Builds three inputs with N1 < N2 < N3 consecutive pairs, copied into
temporary folders: from ``tests/data/corpus`` (default; years added round-robin over the five places, so
each size has the same mix; the 2020 transcript, a duplicate year, is left out) or, with ``--archive``,
from the 3,004-report archive (unpacked into a temporary folder; place folders taken in a fixed
shuffled order, so the sizes are nested samples of the same mix, the last folder cut to the size). Runs ``run_batch`` (JSON, fresh output folder, no resume) on each with
``--workers W`` (default: the core count), then the largest with ``--workers 1``. Prints wall seconds,
pairs computed (counted from the results), pairs per minute, the least-squares line
``seconds = fixed + per_pair × pairs`` with R², the ratio of throughputs largest/smallest size and the
speed-up of W workers over 1 (ideal: W on an idle machine with W free cores). Everything runs in the
same invocation, so the ratios hold on a noisy machine. Usage::

    .venv/bin/python benchmarks/batch_scale.py [--sizes 10 20 40] [--workers 2] [--repeat 1]
    .venv/bin/python benchmarks/batch_scale.py --archive [ARCHIVE] --sizes 50 100 200
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportdiff.batch import run_batch  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
ORDER = ("province/sichuan", "national/guowuyuan", "city/chengdu", "city/mianyang", "city/guangan")


def series() -> list[list[Path]]:
    """Each place's reports in year order (duplicates of a year left out)."""
    out = []
    for prefix in ORDER:
        folder, stem = prefix.split("/")
        files = sorted(p for p in (CORPUS / folder).glob(f"{stem}-*.txt") if p.stem.count("-") == 1)
        out.append(files)
    return out


def pick(n_pairs: int) -> list[Path]:
    """Files giving exactly ``n_pairs`` consecutive pairs, taken round-robin over the places (one more
    year of each place in turn), so every size has about the same mix of national, provincial and city
    reports."""
    places = series()
    pairs = [0] * len(places)
    while sum(pairs) < n_pairs:
        grew = False
        for i, files in enumerate(places):
            if sum(pairs) < n_pairs and pairs[i] + 1 < len(files):
                pairs[i] += 1
                grew = True
        if not grew:
            raise SystemExit(f"the corpus has fewer than {n_pairs} consecutive pairs")
    return [f for files, k in zip(places, pairs, strict=True) if k for f in files[: k + 1]]


def pick_archive(root: Path, n_pairs: int) -> list[Path]:
    """Files of whole place folders of the unpacked archive, the folders in a fixed pseudo-random order
    (seed 0: every size is a prefix of the next and has about the same mix of national, provincial and
    city reports and of eras), the last folder cut, giving about ``n_pairs`` consecutive pairs (the
    batch may find a few duplicates: the count is taken from its result)."""
    import random

    folders = sorted({p.parent for p in root.rglob("*.md")})
    random.Random(0).shuffle(folders)
    chosen: list[Path] = []
    left = n_pairs
    for folder in folders:
        files = sorted(folder.glob("*.md"))
        if left <= 0:
            break
        if len(files) < 2:
            continue
        take = files[: left + 1]
        chosen.extend(take)
        left -= len(take) - 1
    return chosen


def run(files: list[Path], workers: int, tmp: Path, label: str) -> tuple[float, int]:
    src = tmp / f"in-{label}"
    for f in files:
        dest = src / f.parent.name / f.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, dest)
    out = tmp / f"out-{label}"
    t0 = time.perf_counter()
    result = run_batch(str(src), out=str(out), workers=workers, format="json")
    wall = time.perf_counter() - t0
    bad = [r for r in result.rows if r.status == "failed"]
    if bad:
        raise SystemExit(f"unexpected rows: {bad[:3]}")
    shutil.rmtree(out)
    shutil.rmtree(src)
    return wall, result.count("ok")


def fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    icpt = my - slope * mx
    ss_res = sum((y - (icpt + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys) or 1e-12
    return icpt, slope, 1 - ss_res / ss_tot


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs=3, default=[10, 20, 40], metavar="N")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=1, help="runs per point (the fastest is kept)")
    ap.add_argument("--archive", nargs="?", type=Path, const=Path("/work/shared/corpus-large/gwr-corpus.tar.xz"),
                    help="take the inputs from the large archive (default path if no value)")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; python "
          f"{sys.version.split()[0]}")
    tmp = Path(tempfile.mkdtemp(prefix="reportdiff-scale-"))
    try:
        if args.archive:
            import tarfile

            with tarfile.open(args.archive) as tar:
                tar.extractall(tmp / "archive", filter="data")
            root = tmp / "archive"

            def choose(n: int) -> list[Path]:
                return pick_archive(root, n)
            print(f"inputs: place folders of {args.archive}")
        else:
            choose = pick  # type: ignore[assignment]
            print(f"inputs: {CORPUS}")
        rows: list[tuple[str, int, int, float]] = []

        def point(n: int, workers: int) -> None:
            runs = [run(choose(n), workers, tmp, f"{n}-{workers}-{i}") for i in range(args.repeat)]
            wall, done = min(runs)
            rows.append((f"{n} pairs", done, workers, wall))

        for n in args.sizes:
            point(n, args.workers)
        point(args.sizes[-1], 1)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'input':>10} {'workers':>8} {'wall s':>8} {'pairs/min':>10} {'s/pair':>8}")
    for label, n, w, wall in rows:
        print(f"{label:>10} {w:8d} {wall:8.1f} {n / wall * 60:10.1f} {wall / n:8.2f}")
    sized = rows[:3]
    icpt, slope, r2 = fit([float(r[1]) for r in sized], [r[3] for r in sized])
    small, large = sized[0], sized[-1]
    print(f"fit over the three sizes ({args.workers} workers): seconds = {icpt:.1f} + {slope:.2f} × pairs, "
          f"R² = {r2:.3f}")
    print(f"throughput {large[1]} vs {small[1]} pairs: {large[1] / large[3] / (small[1] / small[3]):.2f}× "
          f"(1.0 = linear; above 1 the fixed start-up is spread over more pairs)")
    one = rows[3]
    print(f"speed-up {args.workers} workers over 1 at {one[1]} pairs: {one[3] / large[3]:.2f}× "
          f"(ideal {args.workers}× with {args.workers} idle cores); load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
