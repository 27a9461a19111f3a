"""Command line of ``reportdiff batch``: options, a progress line on a TTY, the closing tally.

Stage: interface (registered by :func:`reportdiff.cli.build_parser`, which calls :func:`add_parser`).
All the work is :func:`reportdiff.batch.run_batch`; this module only turns options into its arguments,
draws progress on stderr when stderr is a terminal (and ``-q`` is not given) and prints one closing
line. Exit codes: 0 when the batch ran to its end (failed pairs and bad files are rows of
``summary.csv``, counted in the closing line), 2 for bad options or an output folder that cannot be
written (one line on stderr, nothing written).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any, TextIO

EPILOG = """examples:
  reportdiff batch tests/data/corpus --out out/ --workers 2
  reportdiff batch 'archive/**/*.md' --pairs all --format html --out out/
  reportdiff batch corpus/ --out out/ --executor dask --scheduler tcp://10.0.0.5:8786
output: one <place>-<old year>__<place>-<new year>.<format> per pair and summary.csv; run again with
the same --out to resume (valid outputs are kept). exit codes: 0 batch finished, 2 error
"""


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], **kw: Any) -> None:
    """Add the ``batch`` subcommand to the CLI's subparsers."""
    from reportdiff.batch import (
        DEFAULT_MAX_TASKS_PER_CHILD,
        EXECUTORS,
        FORMATS,
        MAX_CHUNK_FILES,
        MAX_CHUNK_PAIRS,
        PAIRINGS,
    )

    s = sub.add_parser("batch", help="compare every pair of yearly reports of each place in a folder", epilog=EPILOG,
                       **kw)
    s.add_argument("inputs", metavar="DIR_OR_GLOB", help="a folder of reports (.txt/.md/.html), searched recursively, "
                                                         "or a glob pattern (quote it)")
    s.add_argument("--out", required=True, metavar="OUTDIR", help="folder for the outputs and summary.csv")
    s.add_argument("--pairs", choices=PAIRINGS, default="consecutive",
                   help="consecutive years of each place (default) or every pair")
    s.add_argument("--format", choices=FORMATS, default="json", help="output format (default json)")
    s.add_argument("--workers", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="worker processes (default: the number of cores; 0 runs in this process)")
    s.add_argument("--executor", choices=EXECUTORS, default="local",
                   help="local process pool (default) or Dask distributed (pip install 'reportdiff[dask]')")
    s.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address (default: a local cluster)")
    s.add_argument("--layout", choices=("side-by-side", "inline"), default="side-by-side",
                   help="page layout of PDF and HTML outputs")
    s.add_argument("--font", metavar="PATH", help="a CJK font file for PDF outputs")
    s.add_argument("--max-tasks-per-child", type=int, default=DEFAULT_MAX_TASKS_PER_CHILD, metavar="N",
                   help="replace a worker process after N tasks, bounding memory (a task: up to "
                        f"{MAX_CHUNK_PAIRS} pairs of one place, or up to {MAX_CHUNK_FILES} files of the scan; "
                        f"default {DEFAULT_MAX_TASKS_PER_CHILD})")
    s.set_defaults(func=run)


class _Progress:
    """A one-line progress display redrawn in place on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.t0 = time.monotonic()
        self.stage = ""
        self.last = 0.0

    def __call__(self, stage: str, done: int, total: int, failed: int) -> None:
        now = time.monotonic()
        if stage != self.stage:
            self.stage, self.t0 = stage, now
        if done < total and now - self.last < 0.2:
            return
        self.last = now
        rate = done / max(now - self.t0, 1e-9)
        eta = (total - done) / rate if rate > 0 else 0.0
        width = 24
        filled = width * done // max(total, 1)
        what = "files" if stage == "scan" else "pairs"
        line = (f"\rbatch {stage:<5} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {what}"
                f"  {failed} failed  {rate * 60:.0f}/min  eta {int(eta) // 60}:{int(eta) % 60:02d} ")
        self.stream.write(line)
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()


def run(args: argparse.Namespace) -> int:
    """Run the batch from parsed options; 0 when it ran to its end."""
    from reportdiff.batch import run_batch

    progress = _Progress(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    result = run_batch(
        args.inputs, out=args.out, pairs=args.pairs, format=args.format, workers=args.workers,
        executor=args.executor, scheduler=args.scheduler, layout=args.layout, font=args.font,
        userdicts=tuple(os.path.abspath(p) for p in args.userdict),
        max_tasks_per_child=args.max_tasks_per_child, progress=progress,
    )
    if not args.quiet:
        print(f"reportdiff: batch: {result.tally()}", file=sys.stderr)
    return 0
