"""All stages in one table: parse, align, diff, goals, render and batch throughput next to baselines.

Stage: benchmarks (measurement only; nothing here is a test). On the reports of ``tests/data/corpus``
it times, after one warm-up (imports, jieba's dictionary, the font subset cache):

- parse: ``parse()`` of every report;
- align: ``align()`` of consecutive pairs (``--pairs`` of them, spread over the five places);
- diff: ``compare(goals=False, terms=False)`` minus ``align()`` of the same pairs: the word diffs
  inside aligned sentences (each timing starts with the tokenizer's memo emptied, so both include
  tokenizing and the difference is the diffing);
- goals: ``extract_goals`` of both reports + ``compare_goals``;
- compare: the whole ``compare()`` (alignment, diffs, goals, term shifts);
- render: JSON, HTML and PDF of one comparison (guangan 2022 → 2023);
- batch: ``run_batch`` over the pairs' files with ``--workers`` processes (scan, compare, JSON, summary).

Baselines, each measured in the same run: ``difflib.SequenceMatcher`` (autojunk off) and pure-Python
diff-match-patch (timeout off, character mode) on the two whole texts of one pair, the C++
diff-match-patch on the same, and naive WeasyPrint (the system Noto CJK font named in CSS, WeasyPrint
subsetting the 20-30 MB font itself) on the same HTML as our PDF. Throughput is in reports per minute:
for a pair stage, one pair of consecutive years brings one new report, so reports/min = pairs/min.
Absolute times depend on the machine and its load (printed); read the ratios. Usage::

    .venv/bin/python benchmarks/run_all.py [--pairs 10] [--workers 2] [--quick] [--markdown]

``--quick`` runs the slow baselines (pure-Python diff-match-patch, difflib) on the first 4,000
characters of each text instead of the whole texts and says so in the table.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from batch_scale import pick  # noqa: E402

from reportdiff.model import Report  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
PAIR = (CORPUS / "city" / "guangan-2022.txt", CORPUS / "city" / "guangan-2023.txt")


@dataclass(frozen=True)
class Line:
    stage: str
    what: str
    items: int
    seconds: float
    baseline: str = ""
    base_seconds: float | None = None  # per item

    @property
    def per_item(self) -> float:
        return self.seconds / self.items

    @property
    def per_min(self) -> float:
        return 60 / self.per_item


def timed(fn: Callable[[], object]) -> float:
    """Seconds of one call, with the tokenizer's memo emptied first (time real work, not the memo)."""
    from reportdiff import tokenize as tokmod

    tokmod._tokenize_cached.cache_clear()
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def machine() -> str:
    from importlib.metadata import PackageNotFoundError, version

    cpu = "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((ln.split(":", 1)[1].strip() for ln in fh if ln.startswith("model name")), "?")
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kb = int(next(ln for ln in fh if ln.startswith("MemTotal")).split()[1])
            mem = f"{kb / 2**20:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    vers = []
    for pkg in ("jieba", "fast-diff-match-patch", "diff-match-patch", "weasyprint", "lxml"):
        try:
            vers.append(f"{pkg} {version(pkg)}")
        except PackageNotFoundError:
            vers.append(f"{pkg} -")
    return (f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores, {mem} RAM, "
            f"load average {os.getloadavg()[0]:.2f}; Python {platform.python_version()}; " + ", ".join(vers))


def consecutive(n: int) -> list[tuple[Path, Path]]:
    files = pick(n)
    out = []
    for a, b in zip(files, files[1:], strict=False):
        if a.stem.split("-")[0] == b.stem.split("-")[0]:
            out.append((a, b))
    return out


def naive_weasyprint(html: str) -> bytes:
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    from reportdiff.render.html import stylesheet

    config = FontConfiguration()
    css = stylesheet() + '\nhtml, h1, h2, h3, .sub { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; }'
    data = weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=css, font_config=config)],
                                                  font_config=config)
    assert isinstance(data, bytes)
    return data


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=10, help="consecutive pairs for the pair stages and batch")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--quick", action="store_true", help="slow baselines on the first 4,000 characters only")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args()

    from reportdiff.align import align
    from reportdiff.compare import compare
    from reportdiff.goals import compare_goals, extract_goals
    from reportdiff.loading import load
    from reportdiff.parse import parse

    print(f"machine: {machine()}", flush=True)
    reports = sorted(CORPUS.glob("*/*.txt"))
    texts = [(p, p.read_text(encoding="utf-8")) for p in reports]
    pairs = consecutive(args.pairs)
    old0, new0 = load(PAIR[0]), load(PAIR[1])
    compare(old0, new0)  # warm-up: imports, jieba dictionary, caches

    lines: list[Line] = []
    lines.append(Line("parse", f"parse() of the {len(texts)} corpus reports", len(texts),
                      sum(timed(lambda t=t: parse(t)) for _, t in texts)))  # type: ignore[misc]

    def each(fn: Callable[[Report, Report], object]) -> float:
        """Seconds of ``fn`` over all pairs, each call on freshly parsed reports (alignment features are
        cached per report object; parsing is not timed)."""
        total = 0.0
        for a, b in pairs:
            old, new = load(a), load(b)
            total += timed(lambda old=old, new=new: fn(old, new))  # type: ignore[misc]
        return total

    t_align = each(align)
    t_diffs = each(lambda a, b: compare(a, b, goals=False, terms=False))
    t_goals = each(lambda a, b: compare_goals(extract_goals(a), extract_goals(b), old_year=a.meta.year,
                                              new_year=b.meta.year))
    t_all = each(compare)
    n = len(pairs)

    # baselines on one whole pair
    a_text, b_text = PAIR[0].read_text(encoding="utf-8"), PAIR[1].read_text(encoding="utf-8")
    cut = " (first 4,000 chars)" if args.quick else ""
    sa, sb = (a_text[:4000], b_text[:4000]) if args.quick else (a_text, b_text)
    import difflib

    t_difflib = timed(lambda: difflib.SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes())
    print(f"difflib{cut}: {t_difflib:.1f} s", flush=True)
    import diff_match_patch

    slow = diff_match_patch.diff_match_patch()
    slow.Diff_Timeout = 0
    t_dmp_py = timed(lambda: slow.diff_main(sa, sb, False))
    print(f"pure-Python diff-match-patch{cut}: {t_dmp_py:.1f} s", flush=True)
    import fast_diff_match_patch

    t_dmp_c = timed(lambda: fast_diff_match_patch.diff(a_text, b_text, timelimit=0, checklines=False))

    lines.append(Line("align", f"align() of {n} consecutive pairs", n, t_align))
    lines.append(Line("diff", "word diffs in aligned sentences (compare without goals/terms − align)", n,
                      max(t_diffs - t_align, 1e-9), f"difflib.SequenceMatcher on whole texts{cut}", t_difflib))
    lines.append(Line("diff", "(same)", n, max(t_diffs - t_align, 1e-9),
                      f"pure-Python diff-match-patch, timeout off, whole texts{cut}", t_dmp_py))
    lines.append(Line("diff", "(same)", n, max(t_diffs - t_align, 1e-9),
                      "C++ diff-match-patch, timeout off, whole texts (characters)", t_dmp_c))
    lines.append(Line("goals", "extract_goals ×2 + compare_goals", n, t_goals))
    lines.append(Line("compare", "compare(): align + diffs + goals + term shifts", n, t_all))

    cmp = compare(old0, new0)
    from reportdiff.render.html import render_html
    from reportdiff.render.pdf import render_pdf

    t_json = timed(cmp.to_json)
    html = render_html(cmp)
    t_html = timed(lambda: render_html(cmp))
    tmp = Path(tempfile.mkdtemp(prefix="reportdiff-runall-"))
    try:
        render_pdf(cmp, str(tmp / "warm.pdf"))  # builds the cached font subset once
        t_pdf = timed(lambda: render_pdf(cmp, str(tmp / "x.pdf")))
        t_naive = timed(lambda: naive_weasyprint(html))
        lines.append(Line("render", "JSON of one comparison (guangan 2022→2023)", 1, t_json))
        lines.append(Line("render", "HTML of the same", 1, t_html))
        lines.append(Line("render", "PDF of the same (cached font subset)", 1, t_pdf,
                          "naive WeasyPrint, system Noto CJK font", t_naive))

        from reportdiff.batch import run_batch

        src = tmp / "in"
        for a, b in pairs:
            for f in (a, b):
                (src / f.parent.name).mkdir(parents=True, exist_ok=True)
                shutil.copy(f, src / f.parent.name / f.name)
        t_batch = timed(lambda: run_batch(str(src), out=str(tmp / "out"), workers=args.workers))
        n_batch = sum(1 for _ in (tmp / "out").glob("*.json"))
        lines.append(Line("batch", f"run_batch, {args.workers} workers, JSON, {n_batch} pairs (start-up included)",
                          n_batch, t_batch, "the same pairs one after another in one process (compare + JSON)",
                          (t_all + t_json * n) / n))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    header = ["stage", "what", "s/item", "reports/min", "baseline", "baseline s/item", "baseline reports/min",
              "speed-up"]
    rows = []
    for ln in lines:
        base = ["", "", "", ""]
        if ln.base_seconds is not None:
            base = [ln.baseline, f"{ln.base_seconds:.3f}", f"{60 / ln.base_seconds:.1f}",
                    f"{ln.base_seconds / ln.per_item:.1f}×"]
        rows.append([ln.stage, ln.what, f"{ln.per_item:.3f}", f"{ln.per_min:.1f}", *base])
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for r in rows:
            print("| " + " | ".join(r) + " |")
    else:
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        for r in rows:
            print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
