"""Batch scaling: throughput against the number of pairs (three sizes) and the number of workers.

Stage: batch (measurement only). Builds three inputs with N1 < N2 < N3 consecutive pairs, copied into
temporary folders: from ``tests/data/corpus`` (default; years added round-robin over the five places, so
each size has the same mix; the 2020 transcript, a duplicate year, is left out) or, with ``--archive``,
from the 3,004-report archive (unpacked into a temporary folder; place folders taken in a fixed
shuffled order, so the sizes are nested samples of the same mix, the last folder cut to the size). Runs
``run_batch`` (JSON, fresh output folder, no resume) on every size with ``--workers 1`` and ``--workers
W`` (default: the core count), the two worker counts alternating so drifts of the machine's load hit
both. Prints for every run the wall seconds, pairs computed (counted from the results), pairs per
minute, the CPU seconds of the worker processes and of the main process, and the load average; then per
worker count the least-squares line ``seconds = fixed + per_pair × pairs`` with R², and per size the
speed-up of W workers over 1 (ideal: W on an idle machine with W free cores) and the ratio of worker CPU
seconds (1.00: no contention between the workers; above 1 each worker computes more slowly when the
other runs, or does work the other already did). ``--contention`` adds the hardware check: the largest
input as one single-worker batch alone, then as two independent single-worker batches at once (two
processes, separate output folders): if each of the two is slower than the one alone on an idle
machine, the hardware (shared caches, memory bandwidth, CPU frequency, a host's SMT siblings) limits the
speed-up, not the batch. Everything runs in the same invocation, so the ratios hold on a noisy machine;
run it under ``flock /tmp/bench.lock`` on a shared machine. Usage::

    .venv/bin/python benchmarks/batch_scale.py [--sizes 10 20 40] [--workers 2] [--repeat 1] [--contention]
    .venv/bin/python benchmarks/batch_scale.py --archive [ARCHIVE] --sizes 50 100 200
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Point:
    """One batch run: its input size, worker count, wall and CPU seconds, and the load around it."""

    size: int
    pairs: int
    workers: int
    wall: float
    worker_cpu: float
    main_cpu: float
    load: float

    @property
    def per_min(self) -> float:
        return self.pairs / self.wall * 60


def _cpu(who: int) -> float:
    ru = resource.getrusage(who)
    return ru.ru_utime + ru.ru_stime


def stage(files: list[Path], tmp: Path, label: str) -> Path:
    """Copy ``files`` into ``tmp/in-<label>/<folder>/<name>`` (a fresh input folder)."""
    src = tmp / f"in-{label}"
    for f in files:
        dest = src / f.parent.name / f.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(f, dest)
    return src


def run(files: list[Path], workers: int, tmp: Path, label: str) -> tuple[float, int, float, float]:
    """One batch on a fresh copy of ``files`` into a fresh output folder: wall seconds, pairs computed,
    CPU seconds of the worker processes and of this process."""
    src = stage(files, tmp, label)
    out = tmp / f"out-{label}"
    c_kids, c_self = _cpu(resource.RUSAGE_CHILDREN), _cpu(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    result = run_batch(str(src), out=str(out), workers=workers, format="json")
    wall = time.perf_counter() - t0
    kids, main = _cpu(resource.RUSAGE_CHILDREN) - c_kids, _cpu(resource.RUSAGE_SELF) - c_self
    bad = [r for r in result.rows if r.status == "failed"]
    if bad:
        raise SystemExit(f"unexpected rows: {bad[:3]}")
    shutil.rmtree(out)
    shutil.rmtree(src)
    return wall, result.count("ok"), kids, main


def fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs) or 1e-12
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    icpt = my - slope * mx
    ss_res = sum((y - (icpt + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys) or 1e-12
    return icpt, slope, 1 - ss_res / ss_tot


def single(src: str, out: str) -> None:
    """``--single``: one batch with one worker, its wall and CPU seconds as one JSON line (the
    contention check runs two of these at once)."""
    t0 = time.perf_counter()
    result = run_batch(src, out=out, workers=1, format="json")
    print(json.dumps({"wall": time.perf_counter() - t0, "pairs": result.count("ok"),
                      "cpu": _cpu(resource.RUSAGE_CHILDREN) + _cpu(resource.RUSAGE_SELF)}))


def contention(files: list[Path], tmp: Path) -> list[str]:
    """One single-worker batch alone, then two at once: the per-batch wall and CPU seconds of each."""
    srcs = [stage(files, tmp, f"cont-{i}") for i in range(2)]

    def launch(i: int, tag: str) -> subprocess.Popen[str]:
        return subprocess.Popen([sys.executable, __file__, "--single", str(srcs[i]), str(tmp / f"out-cont-{tag}-{i}")],
                                stdout=subprocess.PIPE, text=True)

    def result(p: subprocess.Popen[str]) -> dict[str, float]:
        out, _ = p.communicate()
        if p.returncode:
            raise SystemExit(f"--single failed with exit code {p.returncode}")
        return json.loads(out.strip().splitlines()[-1])  # type: ignore[no-any-return]

    lines = []
    load = os.getloadavg()[0]
    alone = result(launch(0, "alone"))
    lines.append(f"one single-worker batch alone:      wall {alone['wall']:6.1f} s, cpu {alone['cpu']:6.1f} s "
                 f"(load {load:.2f})")
    load = os.getloadavg()[0]
    both = [launch(0, "both"), launch(1, "both")]
    res = [result(p) for p in both]
    for i, r in enumerate(res):
        lines.append(f"two at once, batch {i + 1}:              wall {r['wall']:6.1f} s, cpu {r['cpu']:6.1f} s "
                     f"(load {load:.2f})")
    walls = sum(r["wall"] for r in res) / 2
    cpus = sum(r["cpu"] for r in res) / 2
    lines.append(f"two at once vs alone: wall {walls / alone['wall']:.2f}×, cpu {cpus / alone['cpu']:.2f}× "
                 "(1.00 each: the two cores do not slow each other down; a wall ratio above the cpu ratio is "
                 "time spent waiting for a core taken by other jobs)")
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs=3, default=[10, 20, 40], metavar="N")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--repeat", type=int, default=1, help="runs per point (the fastest is kept)")
    ap.add_argument("--archive", nargs="?", type=Path, const=Path("/work/shared/corpus-large/gwr-corpus.tar.xz"),
                    help="take the inputs from the large archive (default path if no value)")
    ap.add_argument("--contention", action="store_true",
                    help="also run two independent single-worker batches at once vs one alone")
    ap.add_argument("--single", nargs=2, metavar=("SRC", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.single:
        single(*args.single)
        return
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; python "
          f"{sys.version.split()[0]}")
    tmp = Path(tempfile.mkdtemp(prefix="reportdiff-scale-"))
    extra: list[str] = []
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
        points: list[Point] = []
        for n in args.sizes:
            files = choose(n)
            for w in (1, args.workers) if n % 2 == 0 else (args.workers, 1):  # alternate which goes first
                best: Point | None = None
                for i in range(args.repeat):
                    load = os.getloadavg()[0]
                    wall, done, kids, own = run(files, w, tmp, f"{n}-{w}-{i}")
                    p = Point(n, done, w, wall, kids, own, load)
                    best = p if best is None or p.wall < best.wall else best
                assert best is not None
                points.append(best)
        if args.contention:
            extra = contention(choose(args.sizes[-1]), tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{'input':>10} {'workers':>8} {'wall s':>8} {'pairs/min':>10} {'s/pair':>8} {'worker cpu s':>13} "
          f"{'main cpu s':>11} {'load':>6}")
    for p in points:
        print(f"{p.pairs:>4} pairs {p.workers:8d} {p.wall:8.1f} {p.per_min:10.1f} {p.wall / p.pairs:8.2f} "
              f"{p.worker_cpu:13.1f} {p.main_cpu:11.2f} {p.load:6.2f}")
    for w in sorted({1, args.workers}):
        mine = [p for p in points if p.workers == w]
        icpt, slope, r2 = fit([float(p.pairs) for p in mine], [p.wall for p in mine])
        print(f"fit, {w} worker{'s' if w > 1 else ''}: seconds = {icpt:.2f} + {slope:.3f} × pairs, R² = {r2:.3f} "
              f"(throughput at scale {60 / slope:.0f} pairs/min); {mine[-1].pairs} vs {mine[0].pairs} pairs: "
              f"{mine[-1].per_min / mine[0].per_min:.2f}× the throughput")
    if args.workers != 1:
        for n in args.sizes:
            one = next(p for p in points if p.size == n and p.workers == 1)
            many = next(p for p in points if p.size == n and p.workers == args.workers)
            print(f"speed-up {args.workers} workers over 1 at {one.pairs} pairs: {one.wall / many.wall:.2f}× "
                  f"(ideal {args.workers}×); worker cpu {many.worker_cpu / one.worker_cpu:.2f}× of one worker's")
    for line in extra:
        print(line)
    print(f"load average now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
