"""Command line: argument parsing and calls into the public API; nothing else.

Stage: interface. Subcommands ``outline``, ``align``, ``diff``, ``goals``, ``compare``, ``series`` and
``batch``. ``-`` reads stdin / writes stdout. Exit codes: 0 ok, 1 differences found with ``--check``,
2 error (one line on stderr naming the file and the fix; nothing written to the output). Logging goes
to stderr with stage names (``-v`` / ``-q``); colour only on a TTY and never when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from reportdiff.errors import OptionError, ReportDiffError
from reportdiff.model import Level

log = logging.getLogger("reportdiff")

EPILOG = """examples:
  reportdiff outline samples/guangan-2023.txt --depth section
  reportdiff align samples/guangan-2022.txt samples/guangan-2023.txt --level section
  reportdiff diff samples/guangan-2022.txt samples/guangan-2023.txt
  reportdiff goals samples/guangan-2022.txt samples/guangan-2023.txt
  reportdiff compare samples/guangan-2022.txt samples/guangan-2023.txt -o out.pdf
  reportdiff compare OLD NEW -o - --format json | jq .summary
exit codes: 0 ok, 1 substantive differences (with --check), 2 error
"""

FORMATS = ("pdf", "html", "md", "json")


def _use_colour(stream: TextIO) -> bool:
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _out_format(path: str, forced: str | None) -> str:
    if forced:
        return forced
    if path == "-":
        return "json"
    ext = os.path.splitext(path)[1].lower().lstrip(".")
    ext = {"markdown": "md", "htm": "html"}.get(ext, ext)
    if ext not in FORMATS:
        raise OptionError(f"{path}: unknown output format '.{ext}'; use .pdf, .html, .md or .json, or --format")
    return ext


def _emit(text: str, out: str | None) -> None:
    from reportdiff.atomic import write_text

    if out is None or out == "-":
        data = text if text.endswith("\n") else text + "\n"
        if (sys.stdout.encoding or "").lower().replace("-", "") == "utf8" or not hasattr(sys.stdout, "buffer"):
            sys.stdout.write(data)
        else:  # always UTF-8, whatever the locale says (Chinese text on an ASCII terminal)
            sys.stdout.flush()
            sys.stdout.buffer.write(data.encode("utf-8"))
            sys.stdout.buffer.flush()
    else:
        write_text(out, text)


def _check_out(out: str | None) -> None:
    if out and out != "-":
        from reportdiff.atomic import check_writable

        check_writable(out)


# ---------------------------------------------------------------- subcommands

def cmd_outline(args: argparse.Namespace) -> int:
    from reportdiff.loading import load

    _check_out(args.output)
    log.info("read and parse: %s", args.file)
    report = load(args.file)
    if args.json:
        from reportdiff.render.json import outline_json

        _emit(outline_json(report, depth=args.depth), args.output)
        return 0
    lines = []
    order = ["part", "section", "block", "sentence"]
    limit = order.index(args.depth)
    m = report.meta
    lines.append(f"{report.source or '-'}: {m.place or '?'} {m.year or '?'} {m.date or ''}".rstrip())
    for node in report.root.walk():
        if node.kind in ("report",):
            continue
        rank = {"front": 0, "part": 0, "section": 1, "subsection": 1, "block": 2, "sentence": 3}[node.kind]
        if rank > limit:
            continue
        depth = {"front": 0, "part": 0, "section": 1, "subsection": 2, "block": 3, "sentence": 4}[node.kind]
        label = node.title if node.title is not None else report.text[node.start:node.end].replace("\n", " ")[:40]
        role = f" [{node.role}]" if node.role else ""
        num = f"{node.number}、" if node.number else ""
        lines.append(f"{'  ' * depth}{node.id:<6} {node.start:>6}-{node.end:<6} {node.kind}{role} {num}{label}")
    _emit("\n".join(lines), args.output)
    return 0


def _load_pair(args: argparse.Namespace) -> tuple[object, object]:
    from reportdiff.loading import load

    log.info("read: %s, %s", args.old, args.new)
    return load(args.old), load(args.new)


def cmd_align(args: argparse.Namespace) -> int:
    from reportdiff.align import align
    from reportdiff.model import Report

    _check_out(args.output)
    old, new = _load_pair(args)
    assert isinstance(old, Report) and isinstance(new, Report)
    log.info("align")
    alignment = align(old, new)
    if args.json:
        from reportdiff.render.json import alignment_json

        _emit(alignment_json(old, new, alignment, level=args.level), args.output)
        return 0
    levels: list[Level] = [args.level] if args.level else ["part", "section"]
    rows = []
    for level in levels:
        rows.append(f"== {level}")
        for link in alignment.at(level):
            o = " + ".join(_label(old, i) for i in link.old) or "—"
            n = " + ".join(_label(new, i) for i in link.new) or "—"
            rows.append(f"{_pad(o, 34)} | {link.kind:<8} {link.score:4.2f} | {n}")
    _emit("\n".join(rows), args.output)
    return 0


def _label(report: object, node_id: str) -> str:
    from reportdiff.model import Report

    assert isinstance(report, Report)
    node = report.node(node_id)
    text = node.title if node.title else report.text[node.start:node.end].replace("\n", " ")
    return f"{node_id} {text[:18]}"


def _pad(s: str, width: int) -> str:
    from reportdiff.render.goals_table import pad

    return pad(s, width)


def cmd_diff(args: argparse.Namespace) -> int:
    from reportdiff.compare import compare
    from reportdiff.model import Report

    _check_out(args.output)
    old, new = _load_pair(args)
    assert isinstance(old, Report) and isinstance(new, Report)
    log.info("compare")
    cmp = compare(old, new, goals=args.json, terms=args.json)
    if args.json:
        from reportdiff.render.json import comparison_json

        _emit(comparison_json(cmp), args.output)
    else:
        from reportdiff.render.terminal import word_diff

        colour = args.output in (None, "-") and _use_colour(sys.stdout)
        _emit(word_diff(cmp, colour=colour, show_all=args.all), args.output)
    return _check_result(args, cmp)


def _check_result(args: argparse.Namespace, cmp: object) -> int:
    from reportdiff.model import Comparison

    assert isinstance(cmp, Comparison)
    if getattr(args, "check", False):
        return 1 if int(cmp.summary.get("substantive", 0)) > 0 else 0  # type: ignore[call-overload]
    return 0


def cmd_goals(args: argparse.Namespace) -> int:
    from reportdiff.goals import compare_goals, extract_goals
    from reportdiff.loading import load
    from reportdiff.render.goals_table import changes_table, goals_table

    _check_out(args.output)
    if len(args.files) not in (1, 2):
        raise OptionError(f"goals takes one or two files, got {len(args.files)}")
    reports = [load(f) for f in args.files]
    log.info("goals")
    if len(reports) == 1:
        goals = extract_goals(reports[0])
        if args.json:
            from reportdiff.render.json import goals_json

            _emit(goals_json(goals, source=reports[0].source), args.output)
        else:
            _emit(goals_table(reports[0], goals, all_kinds=args.all), args.output)
        return 0
    old, new = reports
    og, ng = extract_goals(old), extract_goals(new)
    changes = compare_goals(og, ng, old_year=old.meta.year, new_year=new.meta.year)
    if args.json:
        from reportdiff.render.json import goals_json
        from reportdiff.terms import term_shifts

        _emit(goals_json(ng, old_goals=og, changes=changes, terms=term_shifts(old, new), source=new.source,
                              old_source=old.source), args.output)
    else:
        _emit(changes_table(old, new, changes, all_kinds=args.all), args.output)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from reportdiff.compare import compare
    from reportdiff.model import Report

    fmt = _out_format(args.output, args.format)
    _check_out(args.output)
    if fmt == "pdf" and args.output == "-":
        raise OptionError("PDF output cannot go to stdout; give a file name such as out.pdf")
    if fmt == "pdf":
        from reportdiff.render.fonts import find_cjk_font

        find_cjk_font(args.font)
    old, new = _load_pair(args)
    assert isinstance(old, Report) and isinstance(new, Report)
    log.info("compare")
    cmp = compare(old, new)
    log.info("render: %s", fmt)
    if fmt == "json":
        _emit(cmp.to_json(), args.output)
    elif fmt == "md":
        _emit(cmp.to_markdown(), args.output)
    elif fmt == "html":
        from reportdiff.render.html import render_html

        _emit(render_html(cmp, layout=args.layout), args.output)
    else:
        from reportdiff.render.pdf import render_pdf

        render_pdf(cmp, args.output, layout=args.layout, font=args.font)
    return _check_result(args, cmp)


# ---------------------------------------------------------------- parser

def build_parser() -> argparse.ArgumentParser:
    from reportdiff import __version__

    def common_options(*, top: bool) -> argparse.ArgumentParser:
        # the same options before and after the subcommand; the subcommand's copy has no defaults,
        # so it never overwrites what was given before the subcommand
        c = argparse.ArgumentParser(add_help=False)
        flag_default: object = False if top else argparse.SUPPRESS
        c.add_argument("-q", "--quiet", action="store_true", default=flag_default, help="only errors on stderr")
        c.add_argument("-v", "--verbose", action="store_true", default=flag_default, help="log each stage on stderr")
        c.add_argument("--userdict", metavar="FILE", action="append", default=[] if top else argparse.SUPPRESS,
                       help="extra jieba dictionary (one word per line, optional frequency and tag)")
        return c

    common = common_options(top=False)
    p = argparse.ArgumentParser(
        prog="reportdiff",
        description="Compare yearly Chinese government work reports (政府工作报告): structure, alignment across "
                    "years, word-level changes, goals and an annotated PDF.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[common_options(top=True)])
    p.add_argument("--version", action="version", version=f"reportdiff {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    kw = {"parents": [common], "formatter_class": argparse.RawDescriptionHelpFormatter}

    s = sub.add_parser("outline", help="the parsed tree of one report", **kw)  # type: ignore[arg-type]
    s.add_argument("file", help="report file (.txt/.md/.html) or - for stdin")
    s.add_argument("--json", action="store_true", help="JSON (schema reportdiff.outline/1)")
    s.add_argument("--depth", choices=("part", "section", "block", "sentence"), default="sentence")
    s.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    s.set_defaults(func=cmd_outline)

    s = sub.add_parser("align", help="links between the parts, sections, blocks and sentences of two reports", **kw)  # type: ignore[arg-type]
    s.add_argument("old")
    s.add_argument("new")
    s.add_argument("--json", action="store_true", help="JSON (schema reportdiff.alignment/1)")
    s.add_argument("--level", choices=("part", "section", "block", "sentence"))
    s.add_argument("-o", "--output", metavar="OUT")
    s.set_defaults(func=cmd_align)

    s = sub.add_parser("diff", help="word-level changes per aligned section, in the terminal", **kw)  # type: ignore[arg-type]
    s.add_argument("old")
    s.add_argument("new")
    s.add_argument("--json", action="store_true", help="JSON (schema reportdiff.comparison/1)")
    s.add_argument("--all", action="store_true", help="also show punctuation and whitespace changes")
    s.add_argument("--check", action="store_true", help="exit 1 when the reports differ substantively")
    s.add_argument("-o", "--output", metavar="OUT")
    s.set_defaults(func=cmd_diff)

    s = sub.add_parser("goals", help="goals of one report, or the goal changes between two", **kw)  # type: ignore[arg-type]
    s.add_argument("files", nargs="+", metavar="FILE")
    s.add_argument("--json", action="store_true", help="JSON (schema reportdiff.goals/1)")
    s.add_argument("--all", action="store_true", help="include quantified commitments, not only headline goals")
    s.add_argument("-o", "--output", metavar="OUT")
    s.set_defaults(func=cmd_goals)

    s = sub.add_parser("compare", help="the full annotated comparison as PDF, HTML, Markdown or JSON", **kw)  # type: ignore[arg-type]
    s.add_argument("old")
    s.add_argument("new")
    s.add_argument("-o", "--output", required=True, metavar="OUT", help="out.pdf, out.html, out.md, out.json or -")
    s.add_argument("--format", choices=FORMATS, help="force the output format")
    s.add_argument("--layout", choices=("side-by-side", "inline"), default="side-by-side")
    s.add_argument("--font", metavar="PATH", help="a CJK font file (.otf/.ttf/.ttc) for the PDF")
    s.add_argument("--check", action="store_true", help="exit 1 when the reports differ substantively")
    s.set_defaults(func=cmd_compare)

    from reportdiff import batch_cli, series_cli

    series_cli.add_parser(sub, **kw)
    batch_cli.add_parser(sub, **kw)
    return p


def _setup_logging(args: argparse.Namespace) -> None:
    level = logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("reportdiff: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(level)
    log.propagate = False


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    saved = (log.handlers[:], log.level, log.propagate)
    _setup_logging(args)
    try:
        return _run(args)
    finally:  # called in-process (tests, notebooks): leave the logging set-up as it was
        log.handlers[:], log.level, log.propagate = saved


def _run(args: argparse.Namespace) -> int:
    try:
        for path in args.userdict:
            from reportdiff.tokenize import load_userdict

            load_userdict(path)
        code: int = args.func(args)
        return code
    except ReportDiffError as exc:
        print(f"reportdiff: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("reportdiff: interrupted", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: still one line and exit 2 (never 1, which --check means)
        if args.verbose:
            import traceback

            traceback.print_exc()
        print(f"reportdiff: internal error: {type(exc).__name__}: {exc} (please report it; -v shows the traceback)",
              file=sys.stderr)
        return 2
