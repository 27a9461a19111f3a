"""Robustness and scale run of the parse stage over the large archive (3,004 reports).

Stage: parse (measurement only). Unpacks ARCHIVE (a ``.tar.xz`` of Markdown reports, default
``/work/shared/corpus-large/gwr-corpus.tar.xz``) into a temporary folder that is removed at the end,
parses every file's text exactly as read (its YAML front matter included: it is part of real input),
and reports: exceptions (file + traceback summary), decode failures, time (ms per 10k characters,
reports per minute), the outline invariant (every non-whitespace character lies in exactly one
sentence or heading area; nodes nest, are ordered, titles round-trip) with every violation, the share
of reports with a review part, a plan part, both, ≥ 5 sections and a meta year, the distribution of
section counts, and the same shares per collection and era. ``--outline GLOB`` prints the part/section
outline of matching files for reading. Usage::

    .venv/bin/python benchmarks/corpus_large.py [ARCHIVE] [--limit N] [--tsv OUT] [--outline GLOB]
"""

from __future__ import annotations

import argparse
import bisect
import fnmatch
import re
import sys
import tarfile
import tempfile
import time
import traceback
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reportdiff.model import Node, Report  # noqa: E402
from reportdiff.parse import cn_value, parse  # noqa: E402

DEFAULT_ARCHIVE = Path("/work/shared/corpus-large/gwr-corpus.tar.xz")
SECTION_BUCKETS: tuple[tuple[int, int], ...] = ((0, 0), (1, 4), (5, 9), (10, 19), (20, 39), (40, 79), (80, 10**9))
_FILE_YEAR = re.compile(r"^(\d{4})")


@dataclass(frozen=True)
class FileResult:
    """What one archive file gave: its outline summary, or the error it raised."""

    path: str
    collection: str
    file_year: int | None
    chars: int
    ms: float
    error: str | None = None
    roles: tuple[str, ...] = ()
    sections: int = 0
    subsections: int = 0
    blocks: int = 0
    sentences: int = 0
    meta_year: int | None = None
    violations: tuple[str, ...] = ()
    has_front: bool = False
    empty_sections: int = 0
    number_gaps: int = 0
    orphan_numbers: int = 0

    @property
    def has_review(self) -> bool:
        return "review" in self.roles

    @property
    def has_plan(self) -> bool:
        return "plan" in self.roles


def invariant_violations(r: Report, *, limit: int = 5) -> list[str]:
    """The outline contract of tests/test_parse.py::check_invariants, as messages instead of asserts.

    Nodes lie in the text, nest in their parent and follow their previous sibling; ids are unique;
    ``text[title_start:title_end] == title`` inside the node; every non-whitespace character lies in
    exactly one sentence or one heading area (a titled part/section/subsection from its start to its
    first child).
    """
    text = r.text
    covered = bytearray(len(text))
    over: list[int] = []
    out: list[str] = []
    ids: set[str] = set()

    def mark(a: int, b: int) -> None:
        for i in range(a, b):
            if covered[i]:
                over.append(i)
            else:
                covered[i] = 1

    stack: list[tuple[Node, Node | None]] = [(r.root, None)]
    while stack:
        n, parent = stack.pop()
        if not 0 <= n.start <= n.end <= len(text):
            out.append(f"{n.id}: span [{n.start},{n.end}) outside the text")
        if n.id in ids:
            out.append(f"{n.id}: duplicate id")
        ids.add(n.id)
        if parent is not None and not (parent.start <= n.start and n.end <= parent.end):
            out.append(f"{n.id}: not inside its parent {parent.id}")
        if n.title is not None:
            if n.title_start is None or n.title_end is None or text[n.title_start:n.title_end] != n.title:
                out.append(f"{n.id}: title does not round-trip")
            elif not n.start <= n.title_start <= n.title_end <= n.end:
                out.append(f"{n.id}: title range outside the node")
        prev_end = n.start
        for c in n.children:
            if c.start < prev_end:
                out.append(f"{c.id}: overlaps its previous sibling")
            prev_end = c.end
        stack.extend((c, n) for c in reversed(n.children))
        if n.kind == "sentence":
            if n.children:
                out.append(f"{n.id}: sentence with children")
            mark(n.start, n.end)
        elif n.kind in ("part", "section", "subsection") and n.title_start is not None:
            mark(n.start, n.children[0].start if n.children else n.end)
    lost = [i for i, c in enumerate(covered) if not c and not text[i].isspace()]
    if lost:
        out.append(f"{len(lost)} non-whitespace chars in no leaf, first at {lost[0]}: {text[lost[0]:lost[0] + 30]!r}")
    if over:
        out.append(f"{len(over)} chars in two leaves, first at {over[0]}: {text[over[0]:over[0] + 30]!r}")
    return out[:limit]


def collection_of(rel: str) -> str:
    """The archive collection of a relative path: national, province, major_city or other_city."""
    top = rel.split("/", 2)[1] if rel.count("/") >= 2 else rel.split("/", 1)[0]
    return {"政府工作报告-国务院": "national", "政府工作报告-省自治区": "province",
            "政府工作报告-主要城市": "major_city", "政府工作报告-其他地市": "other_city"}.get(top, top)


def era_of(year: int | None) -> str:
    if year is None:
        return "unknown"
    if year < 2000:
        return "<2000"
    return f"{year // 10 * 10}s" if year < 2020 else "2020s"


_NUMBERED_LINE = re.compile(r"^[ \t\u3000]*(?:#+ )?(?:\*\*)?(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])",
                            re.MULTILINE)


def orphan_numbered_lines(r: Report) -> int:
    """Lines that start with 一、 or （一） but lie in no part/section/subsection heading area.

    A numbered line that the parser did not make a heading is usually a missed heading (a heading line
    ending with 。, a glued heading) and sometimes a genuine enumeration inside a paragraph.
    """
    areas = [(n.start, n.children[0].start if n.children else n.end) for n in r.root.walk()
             if n.kind in ("part", "section", "subsection") and n.title_start is not None]
    # (a chapter heading over （一）… sections is a block marked role chapter: its heading line is no orphan)
    areas += [(n.start, n.title_end) for n in r.root.walk()
              if n.kind == "block" and n.role == "chapter" and n.title_end is not None]
    starts = sorted(a for a, _ in areas)
    ends = dict(areas)
    count = 0
    for m in _NUMBERED_LINE.finditer(r.text):
        pos = m.end() - 1
        k = bisect.bisect_right(starts, pos) - 1
        if k < 0 or not starts[k] <= pos < ends[starts[k]]:
            count += 1
    return count


def numbering_gaps(r: Report) -> int:
    """Places where sibling sections (or parts) numbered 一, 二, … skip or repeat a number."""

    gaps = 0
    for n in r.root.walk():
        nums = [cn_value(c.number) for c in n.children
                if c.kind in ("part", "section", "subsection") and c.number and cn_value(c.number)]
        gaps += sum(1 for a, b in zip(nums, nums[1:], strict=False) if b != a + 1)
    return gaps


def parse_file(path: Path, rel: str, *, check: bool) -> FileResult:
    """Read and parse one file, timing parse() only; never raises."""
    m = _FILE_YEAR.match(path.stem)
    file_year = int(m.group(1)) if m else None
    coll = collection_of(rel)
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        return FileResult(rel, coll, file_year, 0, 0.0, error=f"decode: {e}")
    t0 = time.perf_counter()
    try:
        r = parse(text, source=rel)
    except Exception as e:  # noqa: BLE001 - the point is to count every exception
        ms = (time.perf_counter() - t0) * 1000.0
        frames = traceback.extract_tb(e.__traceback__)[-3:]
        where = " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in reversed(frames))
        return FileResult(rel, coll, file_year, len(text), ms, error=f"{type(e).__name__}: {e} [{where}]")
    ms = (time.perf_counter() - t0) * 1000.0
    counts = Counter(n.kind for n in r.root.walk())
    return FileResult(
        rel, coll, file_year, len(text), ms,
        roles=tuple(p.role or "?" for p in r.parts),
        sections=counts["section"], subsections=counts["subsection"], blocks=counts["block"],
        sentences=counts["sentence"], meta_year=r.meta.year,
        violations=tuple(invariant_violations(r)) if check else (),
        has_front=any(c.kind == "front" for c in r.root.children),
        empty_sections=sum(1 for n in r.root.walk() if n.kind in ("section", "subsection") and not n.children),
        number_gaps=numbering_gaps(r), orphan_numbers=orphan_numbered_lines(r),
    )


def outline(r: Report, *, width: int = 40) -> str:
    """A short part/section outline for reading: role, number, title (clipped), blocks per section."""
    lines = [f"meta: year={r.meta.year} place={r.meta.place} level={r.meta.level} title={r.meta.title!r}"]
    for top in r.root.children:
        title = (top.title or r.text[top.start:top.start + width].split("\n")[0])[:width]
        lines.append(f"{top.id:4} {top.kind:5} {top.role or '':13} {top.number or '':3} {title!r} "
                     f"[{len(top.children)} children]")
        for s in top.children:
            if s.kind == "section":
                subs = sum(1 for c in s.children if c.kind == "subsection")
                lines.append(f"       {s.id:5} {s.number or '':4} {(s.title or '')[:width]!r} "
                             f"[{len(s.children)} children{f', {subs} subsections' if subs else ''}]")
    return "\n".join(lines)


def _share(n: int, d: int) -> str:
    return f"{n:5d}/{d:<5d} {100.0 * n / d:5.1f}%" if d else f"{n:5d}/0"


def summarize(results: list[FileResult], *, elapsed_s: float) -> str:
    """The report printed at the end of the run (also the numbers in docs/parsing.md)."""
    ok = [r for r in results if r.error is None]
    lines: list[str] = []
    chars = sum(r.chars for r in ok)
    ms = sum(r.ms for r in ok)
    lines.append(f"files: {len(results)}; parsed: {len(ok)}; exceptions or decode errors: {len(results) - len(ok)}")
    if ok:
        lines.append(f"parse time: {ms / 1000:.1f} s for {chars:,} chars = {ms * 1e4 / max(chars, 1):.2f} ms per 10k chars; "
                     f"{len(ok) / (ms / 60000):.0f} reports per minute (parse only); wall {elapsed_s:.0f} s")
        slow = max(ok, key=lambda r: r.ms)
        lines.append(f"slowest file: {slow.path} {slow.ms:.0f} ms ({slow.chars:,} chars)")
    bad = [r for r in ok if r.violations]
    lines.append(f"invariant violations: {len(bad)} files")
    d = len(ok)
    lines.append("shares over parsed files:")
    rows = [
        ("review part", sum(r.has_review for r in ok)),
        ("plan part", sum(r.has_plan for r in ok)),
        ("review and plan", sum(r.has_review and r.has_plan for r in ok)),
        ("neither", sum(not r.has_review and not r.has_plan for r in ok)),
        ("plan|requirements|outlook", sum(bool({"plan", "requirements", "outlook"} & set(r.roles)) for r in ok)),
        ("no part at all", sum(not r.roles for r in ok)),
        (">= 5 sections", sum(r.sections >= 5 for r in ok)),
        ("meta year", sum(r.meta_year is not None for r in ok)),
        ("meta year = file year", sum(r.meta_year is not None and r.meta_year == r.file_year for r in ok)),
        ("no front node", sum(not r.has_front for r in ok)),
        ("an empty section", sum(r.empty_sections > 0 for r in ok)),
        ("a numbering gap 一,三", sum(r.number_gaps > 0 for r in ok)),
        (">= 2 orphan 一、/（一） lines", sum(r.orphan_numbers >= 2 for r in ok)),
        ("meta year = file year + 1", sum(r.meta_year is not None and r.file_year is not None
                                          and r.meta_year == r.file_year + 1 for r in ok)),
    ]
    lines.extend(f"  {name:28} {_share(n, d)}" for name, n in rows)
    lines.append("section counts:")
    for lo, hi in SECTION_BUCKETS:
        n = sum(lo <= r.sections <= hi for r in ok)
        label = f"{lo}" if lo == hi else (f"{lo}+" if hi > 10**6 else f"{lo}-{hi}")
        lines.append(f"  {label:>6} {_share(n, d)}")
    secs = sorted(r.sections for r in ok)
    if secs:
        lines.append(f"  median {secs[len(secs) // 2]}, max {secs[-1]}")
    role_counts = Counter(role for r in ok for role in set(r.roles))
    lines.append("reports with a part of role: " + ", ".join(f"{k} {v}" for k, v in role_counts.most_common()))
    lines.append(f"{'by group':18} {'n':>5} {'review':>7} {'plan':>7} {'both':>7} {'>=5 sec':>7} {'year':>7}")
    groups: dict[str, list[FileResult]] = {}
    for r in ok:
        groups.setdefault(r.collection, []).append(r)
    for r in ok:
        groups.setdefault("era " + era_of(r.file_year), []).append(r)
    for name in sorted(groups):
        g = groups[name]
        n = len(g)

        def pct(k: int, n: int = n) -> str:
            return f"{100.0 * k / n:6.1f}%"
        lines.append(f"{name:18} {n:5d} {pct(sum(x.has_review for x in g))} {pct(sum(x.has_plan for x in g))} "
                     f"{pct(sum(x.has_review and x.has_plan for x in g))} {pct(sum(x.sections >= 5 for x in g))} "
                     f"{pct(sum(x.meta_year is not None for x in g))}")
    return "\n".join(lines)


def _members(tar: tarfile.TarFile) -> Iterable[tarfile.TarInfo]:
    for m in tar.getmembers():
        if m.isfile() and m.name.endswith((".md", ".txt")):
            yield m


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("archive", nargs="?", type=Path, default=DEFAULT_ARCHIVE)
    ap.add_argument("--limit", type=int, default=0, help="parse only the first N files (sorted by path)")
    ap.add_argument("--no-check", action="store_true", help="skip the invariant check (faster)")
    ap.add_argument("--tsv", type=Path, help="write one row per file (path, chars, ms, roles, counts, year, error)")
    ap.add_argument("--outline", action="append", default=[], metavar="GLOB",
                    help="print the outline of archive files whose relative path matches GLOB (repeatable)")
    args = ap.parse_args(argv)
    if not args.archive.is_file():
        print(f"{args.archive}: no such archive; pass the path of gwr-corpus.tar.xz", file=sys.stderr)
        return 2
    t_start = time.perf_counter()
    results: list[FileResult] = []
    with tempfile.TemporaryDirectory(prefix="reportdiff-corpus-large-") as tmp:
        with tarfile.open(args.archive) as tar:
            members = list(_members(tar))  # archive order: an .xz stream cannot seek back cheaply
            if args.limit:
                keep = {m.name for m in sorted(members, key=lambda m: m.name)[: args.limit]}
                members = [m for m in members if m.name in keep]
            tar.extractall(tmp, members=members, filter="data")
        members.sort(key=lambda m: m.name)
        parse("各位代表：\n一、2023年工作回顾\n发展。")  # warm-up (regex compilation, lazy imports)
        for k, m in enumerate(members, 1):
            path = Path(tmp) / m.name
            res = parse_file(path, m.name, check=not args.no_check)
            results.append(res)
            if res.error:
                print(f"EXCEPTION {res.path}: {res.error}", flush=True)
            for v in res.violations:
                print(f"INVARIANT {res.path}: {v}", flush=True)
            if args.outline and any(fnmatch.fnmatch(m.name, g) for g in args.outline):
                print(f"\n== {m.name}\n{outline(parse(path.read_text(encoding='utf-8')))}\n", flush=True)
            if k % 500 == 0:
                print(f"... {k}/{len(members)} files", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - t_start
    if args.tsv:
        with args.tsv.open("w", encoding="utf-8") as f:
            f.write("path\tcollection\tfile_year\tmeta_year\tchars\tms\troles\tsections\tsubsections\tblocks\t"
                    "sentences\tviolations\tfront\tempty_sections\tnumber_gaps\torphan_numbers\terror\n")
            for r in results:
                f.write(f"{r.path}\t{r.collection}\t{r.file_year or ''}\t{r.meta_year or ''}\t{r.chars}\t{r.ms:.2f}\t"
                        f"{','.join(r.roles)}\t{r.sections}\t{r.subsections}\t{r.blocks}\t{r.sentences}\t"
                        f"{len(r.violations)}\t{int(r.has_front)}\t{r.empty_sections}\t{r.number_gaps}\t"
                        f"{r.orphan_numbers}\t{r.error or ''}\n")
    print(summarize(results, elapsed_s=elapsed))
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
