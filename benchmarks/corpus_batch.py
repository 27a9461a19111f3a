"""Batch over a whole corpus: throughput, peak memory (main + workers) and every failure explained.

Stage: batch (measurement only). Runs ``python -m reportdiff batch DIR --out OUT --pairs consecutive
--format json --workers N -q`` in a subprocess on either a folder of reports (``--dir``, e.g.
``tests/data/corpus``) or the large archive (default ``/work/shared/corpus-large/gwr-corpus.tar.xz``,
unpacked into a temporary folder outside the repository, removed at the end), samples the resident
memory of the batch process and all its descendants from ``/proc`` every 0.25 s, then reads
``summary.csv`` and prints: files, pairs, statuses, wall time, pairs per minute (pairs computed ÷ wall
time, the scan included), reports per minute, peak RSS of the main process, the largest worker, and the
whole process tree at once, output size, the slowest pairs, and every bad file, duplicate and failed
pair with its one-line error, grouped by error. ``--again`` runs the batch a second time on the same
output folder to measure resume. ``--dask`` runs the same batch a second time with ``--executor dask``
into a fresh folder and compares every output byte for byte with the local run. Usage::

    .venv/bin/python benchmarks/corpus_batch.py [ARCHIVE] [--dir DIR] [--workers 2] [--limit N]
        [--out OUT] [--again] [--dask] [--extra ARG ...]
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARCHIVE = Path("/work/shared/corpus-large/gwr-corpus.tar.xz")
PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                stat = fh.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        kids.setdefault(ppid, []).append(int(entry))
    return kids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * PAGE
    except (OSError, ValueError, IndexError):
        return 0


@dataclass
class MemorySampler:
    """Peak RSS of a process, of its largest descendant and of the whole tree, sampled in a thread."""

    pid: int
    interval: float = 0.25
    main_peak: int = 0
    child_peak: int = 0
    tree_peak: int = 0
    max_procs: int = 0
    samples: int = 0

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            kids = _children_map()
            tree, stack = [], [self.pid]
            while stack:
                p = stack.pop()
                tree.append(p)
                stack.extend(kids.get(p, []))
            sizes = {p: _rss(p) for p in tree}
            self.main_peak = max(self.main_peak, sizes.get(self.pid, 0))
            others = [s for p, s in sizes.items() if p != self.pid]
            self.child_peak = max([self.child_peak, *others])
            self.tree_peak = max(self.tree_peak, sum(sizes.values()))
            self.max_procs = max(self.max_procs, len(tree))
            self.samples += 1
            self._stop.wait(self.interval)


def unpack(archive: Path, into: Path, *, limit: int | None = None) -> Path:
    """Unpack the archive (every file, or the first ``limit`` place folders) and return its root."""
    with tarfile.open(archive) as tar:
        members = [m for m in tar.getmembers() if m.isfile() and m.name.endswith(".md")]
        if limit is not None:
            folders = sorted({os.path.dirname(m.name) for m in members})[:limit]
            members = [m for m in members if os.path.dirname(m.name) in set(folders)]
        tar.extractall(into, members=members, filter="data")
    tops = [p for p in into.iterdir() if p.is_dir()]
    return tops[0] if len(tops) == 1 else into


def run_batch(inputs: Path, out: Path, *, workers: int, extra: list[str]) -> tuple[float, MemorySampler, str]:
    cmd = [sys.executable, "-m", "reportdiff", "batch", str(inputs), "--out", str(out), "--pairs", "consecutive",
           "--format", "json", "--workers", str(workers), *extra]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = MemorySampler(proc.pid)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    sampler.stop()
    if proc.returncode != 0:
        raise SystemExit(f"batch exited {proc.returncode}: {err.strip()}")
    return wall, sampler, err.strip()


def _mb(n: int) -> str:
    return f"{n / 2**20:.0f} MB"


_GENERIC = re.compile(r"^\S+?: ")


def report(out: Path, wall: float, mem: MemorySampler, tally: str, *, label: str) -> dict[str, float]:
    with open(out / "summary.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    status = Counter(r["status"] for r in rows)
    pairs = [r for r in rows if r["pair"]]
    computed = [r for r in pairs if r["status"] in ("ok", "failed")]
    files = {r["old_file"] for r in rows} | {r["new_file"] for r in rows if r["new_file"]}
    size = sum(p.stat().st_size for p in out.glob("*.json"))
    secs = sorted(((float(r["seconds"]), r["pair"]) for r in computed if r["seconds"]), reverse=True)
    print(f"== {label}")
    print(f"batch says: {tally}")
    print(f"files {len(files)}, pairs {len(pairs)}, statuses {dict(sorted(status.items()))}")
    print(f"wall {wall:.1f} s; pairs computed {len(computed)}: {len(computed) / wall * 60:.1f} pairs/min, "
          f"{len(files) / wall * 60:.1f} reports/min (scan included)")
    if secs:
        total = sum(s for s, _ in secs)
        print(f"seconds per pair in a worker: mean {total / len(secs):.2f}, median {secs[len(secs) // 2][0]:.2f}, "
              f"max {secs[0][0]:.1f} ({secs[0][1]}); slowest: "
              + ", ".join(f"{p} {s:.1f}s" for s, p in secs[1:6]))
    print(f"peak RSS: main {_mb(mem.main_peak)}, largest worker {_mb(mem.child_peak)}, "
          f"whole tree {_mb(mem.tree_peak)} ({mem.max_procs} processes at most, {mem.samples} samples)")
    print(f"output: {len(list(out.glob('*.json')))} JSON files, {size / 2**30:.2f} GiB")
    cross = [r for r in pairs if os.path.dirname(r["old_file"]) != os.path.dirname(r["new_file"])]
    print(f"pairs whose two files lie in different folders (grouping by the place in the text): {len(cross)}"
          + (": " + ", ".join(f"{r['pair']} ({r['old_file']} | {r['new_file']})" for r in cross[:5]) if cross else ""))
    notes = Counter(r["note"] for r in rows if r["note"] and r["status"] in ("ok", "exists", "failed"))
    if notes:
        print("pair notes (fallbacks): " + "; ".join(f"{n}: {c}" for n, c in notes.most_common(6)))
    for st in ("bad_file", "duplicate", "failed"):
        bad = [r for r in rows if r["status"] == st]
        if not bad:
            continue
        print(f"-- {st}: {len(bad)}")
        groups = Counter(_GENERIC.sub("", r["error"] or r["note"])[:90] for r in bad)
        for msg, n in groups.most_common(12):
            print(f"  {n:5d} × {msg}")
        for r in bad[:8]:
            print(f"        {r['pair'] or r['old_file']}: {(r['error'] or r['note'])[:160]}")
    return {"wall": wall, "pairs": len(computed), "files": len(files)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("archive", nargs="?", type=Path, default=DEFAULT_ARCHIVE)
    ap.add_argument("--dir", type=Path, help="a folder of reports instead of the archive")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, help="only the first N place folders of the archive")
    ap.add_argument("--out", type=Path, help="output folder (kept); default a temporary folder, removed")
    ap.add_argument("--again", action="store_true", help="run a second time on the same output (resume)")
    ap.add_argument("--dask", action="store_true", help="also run with --executor dask and compare the bytes")
    ap.add_argument("--extra", nargs=argparse.REMAINDER, default=[], help="more batch options")
    args = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="reportdiff-batch-"))
    try:
        if args.dir:
            inputs = args.dir.resolve()
        else:
            t0 = time.perf_counter()
            inputs = unpack(args.archive, tmp / "corpus", limit=args.limit)
            print(f"unpacked {sum(1 for _ in inputs.rglob('*.md'))} files in {time.perf_counter() - t0:.1f} s "
                  f"into {inputs}")
        out = args.out or tmp / "out"
        print(f"machine: {os.cpu_count()} cores, python {sys.version.split()[0]}; workers {args.workers}")
        wall, mem, tally = run_batch(inputs, out, workers=args.workers, extra=args.extra)
        report(out, wall, mem, tally, label=f"batch over {inputs} (workers {args.workers})")
        if args.again:
            wall, mem, tally = run_batch(inputs, out, workers=args.workers, extra=args.extra)
            report(out, wall, mem, tally, label="the same batch again (resume: every valid output kept)")
        if args.dask:
            out2 = tmp / "out-dask"
            wall, mem, tally = run_batch(inputs, out2, workers=args.workers, extra=[*args.extra, "--executor", "dask"])
            report(out2, wall, mem, tally, label="the same batch with --executor dask (LocalCluster)")
            a = {p.name: p.read_bytes() for p in out.glob("*.json")}
            b = {p.name: p.read_bytes() for p in out2.glob("*.json")}
            same = sum(1 for k in a if b.get(k) == a[k])
            print(f"dask vs local: {len(a)} local outputs, {len(b)} dask outputs, {same} byte-identical"
                  + ("" if same == len(a) == len(b) else f"; differing: {sorted(k for k in a if b.get(k) != a[k])[:5]}"))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
