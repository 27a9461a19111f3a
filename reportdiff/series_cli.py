"""The ``series`` subcommand: many yearly reports of one government → one PDF, HTML, JSON or Markdown.

Stage: interface. ``reportdiff series FILE... -o series.pdf|.html|.json|.md [--format F] [--font PATH]
[--top N] [--workers N]`` loads every file (any order), builds ``reportdiff.series.series`` (its pairs
in ``--workers`` processes, default 2) and writes the output atomically (nothing is written when a
file is bad, two files are for the same year or the reports come from different governments: one
line on stderr, exit 2). ``reportdiff.cli.build_parser`` calls
``add_parser`` with the shared parent parser and formatter.
"""

from __future__ import annotations

import argparse
import logging
from typing import Any

from reportdiff.errors import OptionError

log = logging.getLogger("reportdiff")

FORMATS = ("pdf", "html", "md", "json")

EPILOG = """examples:
  reportdiff series tests/data/corpus/national/guowuyuan-20??.txt -o national.pdf
  reportdiff series sichuan-*.txt -o - --format json | jq '.metrics[0].points'
"""


def add_parser(sub: Any, **kw: Any) -> None:
    """Register ``series`` on the subparsers object ``sub`` (``kw``: parents, formatter_class)."""
    s = sub.add_parser("series", help="goal timelines, section lineage, term trajectories over many years",
                       description="Read several yearly reports of one government together: each year's "
                                   "targets against the figures achieved (stated in the next report), "
                                   "met/missed streaks, which sections persisted, were renamed, split, "
                                   "merged, appeared or vanished, rising and fading terms, and the share of "
                                   "text changed each year.", epilog=EPILOG, **kw)
    s.add_argument("files", nargs="+", metavar="FILE", help="reports of one government, one per year, any order")
    s.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="series.pdf, series.html, series.md, series.json or - (JSON on stdout)")
    s.add_argument("--format", choices=FORMATS, help="force the output format")
    s.add_argument("--font", metavar="PATH", help="a CJK font file (.otf/.ttf/.ttc) for the PDF")
    s.add_argument("--top", type=int, default=15, metavar="N", help="terms listed per trajectory class (default 15)")
    s.add_argument("--workers", type=int, default=None, metavar="N",
                   help="worker processes for the pairwise comparisons (default: 2, or 1 on a one-core machine); "
                        "the output is the same for any N")
    s.set_defaults(func=run)


def _format(path: str, forced: str | None) -> str:
    if forced:
        return forced
    if path == "-":
        return "json"
    ext = path.rsplit(".", 1)[-1].lower() if "." in path.replace("\\", "/").rsplit("/", 1)[-1] else ""
    ext = {"markdown": "md", "htm": "html"}.get(ext, ext)
    if ext not in FORMATS:
        raise OptionError(f"{path}: unknown output format '.{ext}'; use .pdf, .html, .md or .json, or --format")
    return ext


def run(args: argparse.Namespace) -> int:
    """Load the files, build the series and write it; 0 on success (errors raise ReportDiffError)."""
    import sys

    from reportdiff.atomic import check_writable, write_text
    from reportdiff.loading import load
    from reportdiff.series import series

    out: str = args.output
    fmt = _format(out, args.format)
    if args.top < 0:
        raise OptionError(f"--top must be 0 or more, got {args.top}")
    if args.workers is not None and args.workers < 1:
        raise OptionError(f"--workers must be 1 or more, got {args.workers}")
    if fmt == "pdf" and out == "-":
        raise OptionError("PDF output cannot go to stdout; give a file name such as series.pdf")
    if out != "-":
        check_writable(out)
    if fmt == "pdf":
        from reportdiff.render.fonts import find_cjk_font

        find_cjk_font(args.font)
    if "-" in args.files:
        raise OptionError("series reads files only (not stdin); give each report as a file")
    log.info("read: %d files", len(args.files))
    reports = [load(path) for path in args.files]
    log.info("series")
    result = series(reports, top_terms=args.top, workers=args.workers)
    log.info("render: %s", fmt)
    if fmt == "pdf":
        result.to_pdf(out, font=args.font)
        return 0
    text = {"json": result.to_json, "html": result.to_html, "md": result.to_markdown}[fmt]()
    if out == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    else:
        write_text(out, text)
    return 0
