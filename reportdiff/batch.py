"""Batch: compare every pair of yearly reports of each place in a folder (or glob) of reports.

Stage: orchestration over many files (file discovery → scan → pairing → compare + render per pair →
summary table). Work runs in worker processes (one ``ProcessPoolExecutor`` for the whole batch whose
children are replaced after ``max_tasks_per_child`` tasks, or a Dask distributed cluster), so the main
process never parses a report: it holds only one small record per file and per pair, and at most
``2 × workers`` tasks are in flight, so memory stays bounded whatever the size of the corpus. Two passes:
a *scan* (each file is loaded in a worker to read its place, year and length, or its one-line error; a
task scans up to 16 files), then the pairs, in tasks of up to 8 successive pairs of one place (a report
shared by two successive pairs is loaded and tokenized once), the tasks with the longest texts first so
the workers finish together. Each pair is compared, rendered and written atomically as
``<place>-<oldyear>__<place>-<newyear>.<fmt>``. Files are grouped by ``meta.place`` (else by their
parent folder name, as in the archive layout ``<place>/<year>.md``), years come from ``meta.year``
(else the file name); every fallback, bad file, duplicate (same place and year: the file whose name
agrees with its year and is shortest is kept) and unpaired file is a row of ``summary.csv``, so no
input is silently lost. A pair whose output already exists and is valid is not recomputed (resume).
Outputs depend only on the two input files and the options, never on the number of workers, the
tasks' sizes and order or the executor; only the ``seconds`` column of the summary varies from run to run.
"""

from __future__ import annotations

import csv
import glob
import io
import itertools
import json
import logging
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from reportdiff.errors import OptionError, OutputError, ReportDiffError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from reportdiff.model import Report

log = logging.getLogger("reportdiff")

Pairing = Literal["consecutive", "all"]
OutFormat = Literal["json", "pdf", "html"]
ExecutorName = Literal["local", "dask"]
Layout = Literal["side-by-side", "inline"]

PAIRINGS: tuple[str, ...] = ("consecutive", "all")
FORMATS: tuple[str, ...] = ("json", "pdf", "html")
EXECUTORS: tuple[str, ...] = ("local", "dask")
SUFFIXES: frozenset[str] = frozenset({".txt", ".md", ".html", ".htm"})
SHARE_KEYS: tuple[str, ...] = ("unchanged", "reworded", "new", "dropped", "moved")
#: goal-change kinds with a column of their own; any other kind is counted in ``goals_other``
GOAL_KEYS: tuple[str, ...] = ("raised", "lowered", "unchanged", "new", "dropped")
OUTCOME_KEYS: tuple[str, ...] = ("met", "missed")
SUMMARY_NAME = "summary.csv"
COLUMNS: tuple[str, ...] = (
    "pair", "old_file", "new_file", "status", "error", "note",
    *(f"share_{k}" for k in SHARE_KEYS),
    *(f"goals_{k}" for k in GOAL_KEYS), "goals_other",
    *(f"targets_{k}" for k in OUTCOME_KEYS),
    "seconds",
)
#: row statuses: a pair computed now, a pair whose valid output was already there, a pair that
#: failed; files that gave no pair: unreadable, a second report of the same place and year, alone
STATUSES: tuple[str, ...] = ("ok", "exists", "failed", "bad_file", "duplicate", "unpaired")
DEFAULT_MAX_TASKS_PER_CHILD = 40
_YEAR_IN_NAME = re.compile(r"(?<!\d)(19[4-9]\d|20\d\d)(?!\d)")
_UNSAFE = re.compile(r"[\x00-\x1f/\\:*?\"<>|\s]+")
_ERROR_CHARS = 400

T = TypeVar("T")
R = TypeVar("R")


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class FileInfo:
    """One input file after the scan: its place and year (and where they came from), or its error."""

    path: str
    place: str | None = None
    year: int | None = None
    place_from: Literal["meta", "folder", "folder name"] = "meta"
    year_from: Literal["meta", "file name", "late date"] = "meta"
    error: str | None = None
    date: str | None = None
    folder_place: str | None = None  # the place the folder's other reports name, when it differs
    chars: int = 0  # length of the report's text: the scheduler's estimate of a pair's cost

    @property
    def notes(self) -> tuple[str, ...]:
        notes = []
        if self.folder_place:
            notes.append(f"{os.path.basename(self.path)} names {self.place}; the other reports of its folder "
                         f"name {self.folder_place}")
        if self.place_from == "folder":
            notes.append("place from the other reports of its folder")
        elif self.place_from == "folder name":
            notes.append("place from the folder name")
        if self.year_from == "file name":
            notes.append("year from the file name")
        elif self.year_from == "late date":
            notes.append(f"delivered {self.date}, counted as the report of {self.year}")
        return tuple(notes)

    @property
    def note(self) -> str:
        return "; ".join(self.notes)


@dataclass(frozen=True)
class PairTask:
    """Everything a worker needs to compute and write one pair's output (picklable, no report text)."""

    place: str
    old: FileInfo
    new: FileInfo
    out_dir: str
    format: OutFormat = "json"
    layout: Layout = "side-by-side"
    font: str | None = None
    userdicts: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return pair_name(self.place, _year(self.old), _year(self.new))

    @property
    def out_path(self) -> str:
        return os.path.join(self.out_dir, f"{self.name}.{self.format}")

    @property
    def note(self) -> str:
        return "; ".join(dict.fromkeys(self.old.notes + self.new.notes))


@dataclass(frozen=True)
class Row:
    """One line of ``summary.csv``: a pair (computed, resumed or failed) or a file that gave no pair."""

    pair: str
    old_file: str
    new_file: str
    status: str
    error: str = ""
    note: str = ""
    shares: tuple[float, ...] | None = None
    goals: tuple[int, ...] | None = None
    outcomes: tuple[int, ...] | None = None
    seconds: float | None = None

    def cells(self) -> list[str]:
        shares = [f"{v:.4f}" for v in self.shares] if self.shares else [""] * len(SHARE_KEYS)
        goals = [str(v) for v in self.goals] if self.goals else [""] * (len(GOAL_KEYS) + 1)
        outcomes = [str(v) for v in self.outcomes] if self.outcomes else [""] * len(OUTCOME_KEYS)
        secs = "" if self.seconds is None else f"{self.seconds:.2f}"
        return [self.pair, self.old_file, self.new_file, self.status, self.error, self.note,
                *shares, *goals, *outcomes, secs]


@dataclass(frozen=True)
class BatchResult:
    """What a batch did: every summary row, in summary order, and where the summary was written."""

    rows: tuple[Row, ...]
    summary_path: str
    files: int
    seconds: float

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def folder_places(self) -> int:
        return sum(1 for r in self.rows if "place from the folder name" in r.note)

    def tally(self) -> str:
        """One line: how many pairs and files ended in each status."""
        parts = [f"{self.count(s)} {s}" for s in STATUSES if self.count(s)]
        pairs = sum(self.count(s) for s in ("ok", "exists", "failed"))
        extra = (f"; {self.folder_places} rows with the place taken from the folder name (see the note column)"
                 if self.folder_places else "")
        return (f"{self.files} files, {pairs} pairs: {', '.join(parts) or 'nothing to do'}{extra}; "
                f"summary in {self.summary_path}")


ProgressFn = Callable[[str, int, int, int], None]
"""progress(stage, done, total, failed): called in the main process as tasks finish."""


# ---------------------------------------------------------------- discovery, naming


def find_reports(spec: str, *, exclude: str | os.PathLike[str] | None = None) -> list[str]:
    """Report files (.txt/.md/.html/.htm) under a folder, matching a glob, or the one file named.

    Hidden files and folders and anything under ``exclude`` (the output folder) are left out; the
    list is sorted, so the batch is the same whatever order the file system lists files in.
    """
    ex = os.path.realpath(exclude) if exclude is not None else None
    if any(c in spec for c in "*?["):
        found: Iterable[str] = glob.glob(spec, recursive=True)
    elif os.path.isdir(spec):
        found = (os.path.join(d, f) for d, dirs, files in os.walk(spec)
                 for f in files if not _hidden_dir(d, spec))
    elif os.path.isfile(spec):
        found = [spec]
    else:
        raise OptionError(f"{spec}: no such folder or file, and it is not a glob pattern; "
                          "give a folder of reports or a pattern such as 'reports/**/*.md'")
    out = []
    for p in found:
        if not os.path.isfile(p) or os.path.splitext(p)[1].lower() not in SUFFIXES:
            continue
        if os.path.basename(p).startswith("."):
            continue
        if ex is not None and (os.path.realpath(p) + os.sep).startswith(ex + os.sep):
            continue
        out.append(p)
    return sorted(out)


def _hidden_dir(d: str, root: str) -> bool:
    rel = os.path.relpath(d, root)
    return rel != "." and any(part.startswith(".") for part in Path(rel).parts)


def safe_place(place: str) -> str:
    """A place name usable in a file name (separators, wildcards and spaces become ``_``)."""
    return _UNSAFE.sub("_", place).strip("._") or "_"


def pair_name(place: str, old_year: int, new_year: int) -> str:
    """``<place>-<oldyear>__<place>-<newyear>``, the output's file name without its suffix."""
    p = safe_place(place)
    return f"{p}-{old_year}__{p}-{new_year}"


def year_from_name(path: str) -> int | None:
    """The last plausible year (1940-2099) in a file's name, e.g. 2023 in ``guangan-2023.txt``."""
    years = _YEAR_IN_NAME.findall(os.path.splitext(os.path.basename(path))[0])
    return int(years[-1]) if years else None


def _year(info: FileInfo) -> int:
    assert info.year is not None
    return info.year


def one_line(exc: BaseException) -> str:
    """An exception as one line: its message for our errors, type and message for anything else."""
    text = str(exc) if isinstance(exc, ReportDiffError) else f"{type(exc).__name__}: {exc}".rstrip(": ")
    text = " ".join(text.split())
    return text if len(text) <= _ERROR_CHARS else text[:_ERROR_CHARS - 1] + "…"


# ---------------------------------------------------------------- worker side

_loaded_userdicts: set[str] = set()


def _prepare(userdicts: Sequence[str]) -> None:
    for path in userdicts:
        if path not in _loaded_userdicts:
            from reportdiff.tokenize import load_userdict

            load_userdict(path)
            _loaded_userdicts.add(path)


#: reports delivered in this month or later are the next year's report (a new term's first report
#: is sometimes delivered in November or December: 兰州 2011-11-15 for 2012, 北京 1999-12-29 for 2000)
LATE_MONTH = 11


def scan_file(path: str) -> FileInfo:
    """Load one file (in a worker) and keep only its place, year and date, or its one-line error.

    The place is ``meta.place`` (None when the report does not name it: :func:`fill_places` fills it
    in from the folder); the year is ``meta.year``, plus one for a report delivered in November or
    December, else the year in the file name.
    """
    from reportdiff.loading import load

    try:
        report = load(path)
    except Exception as exc:  # a bad file is a row of the summary, never the end of the batch
        return FileInfo(path, error=one_line(exc))
    meta, chars = report.meta, len(report.text)
    del report
    year, year_from = meta.year, "meta"
    if year is not None and meta.date and int(meta.date[5:7]) >= LATE_MONTH and meta.date.startswith(str(year)):
        year, year_from = year + 1, "late date"
    if year is None:
        year, year_from = year_from_name(path), "file name"
    if year is None:
        return FileInfo(path, place=meta.place, date=meta.date, chars=chars,
                        error=f"{path}: no year found in the report's date line, title or file name; "
                              "name the file after its year (e.g. 2023.txt)")
    return FileInfo(path, meta.place, year, "meta", year_from, date=meta.date, chars=chars)  # type: ignore[arg-type]


def scan_files(paths: Sequence[str]) -> tuple[FileInfo, ...]:
    """:func:`scan_file` of several files in one task (one round trip to the worker for a few files)."""
    return tuple(scan_file(p) for p in paths)


def fill_places(infos: Sequence[FileInfo]) -> list[FileInfo]:
    """Give each readable report without a place in its text the place its folder's other reports
    name most often, else the folder's name (the archive layout is ``<place>/<year>.md``). A report
    whose text names another place than the folder's other reports (at least two, and at least three
    quarters of those naming a place: a folder of one place) keeps the place of its text (it is grouped
    with that place's reports) and the disagreement goes into its note: it is usually a file filed in
    the wrong folder, sometimes a typo in the report's meeting line."""
    named: dict[str, Counter[str]] = {}
    for info in infos:
        if info.error is None and info.place:
            named.setdefault(_folder(info.path), Counter())[info.place] += 1
    out = []
    for info in infos:
        votes = named.get(_folder(info.path))
        if info.error is None and not info.place:
            if votes:
                top = max(votes.values())
                info = replace(info, place=min(p for p, n in votes.items() if n == top), place_from="folder")
            else:
                info = replace(info, place=os.path.basename(_folder(info.path)) or "_", place_from="folder name")
        elif info.error is None and votes:
            others = votes - Counter({info.place: 1}) if info.place else votes
            top_place, top = min(others.items(), key=lambda kv: (-kv[1], kv[0]), default=("", 0))
            if top >= 2 and top >= 0.75 * sum(others.values()) and top_place != info.place:
                info = replace(info, folder_place=top_place)
        out.append(info)
    return out


def _folder(path: str) -> str:
    return os.path.dirname(os.path.abspath(path))


def valid_output(path: str, *, fmt: str, old_file: str | None = None, new_file: str | None = None) -> bool:
    """Whether ``path`` holds a complete output: JSON of the comparison schema (of these two files,
    when given), an HTML page that ends with ``</html>``, or a PDF with its ``%%EOF`` trailer."""
    try:
        if fmt == "json":
            with open(path, encoding="utf-8") as fh:
                doc = json.load(fh)
            return _valid_json(doc, old_file, new_file)
        with open(path, "rb") as fb:
            head = fb.read(1024)
            fb.seek(0, os.SEEK_END)
            size = fb.tell()
            fb.seek(max(0, size - 2048))
            tail = fb.read()
    except (OSError, ValueError):
        return False
    if fmt == "pdf":
        return head.startswith(b"%PDF-") and b"%%EOF" in tail
    if fmt == "html":
        return head.lstrip().lower().startswith((b"<!doctype html", b"<html")) and b"</html>" in tail.lower()
    return False


def _valid_json(doc: object, old_file: str | None, new_file: str | None) -> bool:
    if not isinstance(doc, dict) or doc.get("schema") != "reportdiff.comparison/1":
        return False
    if not all(k in doc for k in ("old", "new", "links", "edits", "summary", "goals")):
        return False
    old, new = doc["old"], doc["new"]
    if not isinstance(old, dict) or not isinstance(new, dict):
        return False
    if old_file is not None and old.get("source") != old_file:
        return False
    return new_file is None or new.get("source") == new_file


def _counts(changes: Iterable[tuple[str, str | None]]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    kinds: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for change, outcome in changes:
        kinds[change if change in GOAL_KEYS else "other"] += 1
        if outcome:
            outcomes[outcome] += 1
    return (tuple(kinds[k] for k in (*GOAL_KEYS, "other")), tuple(outcomes[k] for k in OUTCOME_KEYS))


def _row_from_json(task: PairTask, seconds: float) -> Row | None:
    """The summary row of a valid JSON output already on disk (resume), or None when it is not valid."""
    try:
        with open(task.out_path, encoding="utf-8") as fh:
            doc = json.load(fh)
        if not _valid_json(doc, task.old.path, task.new.path):
            return None
        shares_d = doc["summary"]["shares"]
        shares = tuple(float(shares_d[k]) for k in SHARE_KEYS)
        changes = [(str(c["change"]), c.get("outcome")) for c in doc["goals"].get("changes", [])]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    goals, outcomes = _counts(changes)
    return Row(task.name, task.old.path, task.new.path, "exists", note=task.note, shares=shares, goals=goals,
               outcomes=outcomes, seconds=seconds)


def run_pair(task: PairTask) -> Row:
    """Compare one pair (in a worker), write its output atomically and return its summary row.

    A valid output already at the target path is kept (status ``exists``); any error becomes a
    ``failed`` row with a one-line message, never an exception.
    """
    from reportdiff.loading import load

    return _run_pair(task, load)


def run_pairs(tasks: Sequence[PairTask]) -> tuple[Row, ...]:
    """:func:`run_pair` of a run of pairs of one place, in order, in one worker (one task).

    A report shared by two successive pairs (2021→2022, 2022→2023) is loaded once and tokenized once
    (the tokenizer memoizes whole texts), instead of once in each of two workers: about a fifth of a
    pair's time. At most the two reports of the current pair and those the next pair shares with it are
    held. Each row is exactly what :func:`run_pair` gives for that pair alone.
    """
    from reportdiff.loading import load

    cache: dict[str, Report] = {}

    def cached_load(path: str) -> Report:
        report = cache.get(path)
        if report is None:
            report = cache[path] = load(path)
        return report

    rows = []
    for k, task in enumerate(tasks):
        rows.append(_run_pair(task, cached_load))
        keep = {tasks[k + 1].old.path, tasks[k + 1].new.path} if k + 1 < len(tasks) else set()
        for path in [p for p in cache if p not in keep]:
            del cache[path]
    return tuple(rows)


def _run_pair(task: PairTask, load: Callable[[str], Report]) -> Row:
    t0 = time.perf_counter()
    try:
        if os.path.exists(task.out_path):
            if task.format == "json":
                resumed = _row_from_json(task, time.perf_counter() - t0)
                if resumed is not None:
                    return resumed
            elif valid_output(task.out_path, fmt=task.format):
                return Row(task.name, task.old.path, task.new.path, "exists", note=task.note,
                           seconds=time.perf_counter() - t0)
        _prepare(task.userdicts)
        from reportdiff.compare import compare

        old, new = load(task.old.path), load(task.new.path)
        cmp = compare(old, new)
        del old, new
        if task.format == "json":
            from reportdiff.atomic import write_text

            write_text(task.out_path, cmp.to_json())
        elif task.format == "html":
            from reportdiff.atomic import write_text
            from reportdiff.render.html import render_html

            write_text(task.out_path, render_html(cmp, layout=task.layout))
        else:
            from reportdiff.render.pdf import render_pdf

            render_pdf(cmp, task.out_path, layout=task.layout, font=task.font)
        shares_d = cmp.summary["shares"]
        assert isinstance(shares_d, dict)
        shares = tuple(float(shares_d[k]) for k in SHARE_KEYS)
        goals, outcomes = _counts((c.change, c.outcome) for c in cmp.goal_changes)
    except Exception as exc:  # one failed pair is a row of the summary, never the end of the batch
        return Row(task.name, task.old.path, task.new.path, "failed", error=one_line(exc), note=task.note,
                   seconds=time.perf_counter() - t0)
    return Row(task.name, task.old.path, task.new.path, "ok", note=task.note, shares=shares, goals=goals,
               outcomes=outcomes, seconds=time.perf_counter() - t0)


# ---------------------------------------------------------------- grouping and pairing


def _keep_key(info: FileInfo) -> tuple[bool, bool, int, str]:
    return (info.year_from == "file name", year_from_name(info.path) != info.year,
            len(os.path.basename(info.path)), info.path)


def group(infos: Iterable[FileInfo]) -> tuple[dict[str, list[FileInfo]], list[Row]]:
    """Readable files by place, each place's files sorted by year with duplicates removed; plus the
    rows of the files left out (unreadable, or a second report of the same place and year)."""
    rows: list[Row] = []
    by_key: dict[tuple[str, int], list[FileInfo]] = {}
    for info in infos:
        if info.error is not None or info.place is None or info.year is None:
            rows.append(Row("", info.path, "", "bad_file", error=info.error or "no place or year", note=info.note))
            continue
        by_key.setdefault((info.place, info.year), []).append(info)
    places: dict[str, list[FileInfo]] = {}
    for (place, _), same in sorted(by_key.items()):
        same.sort(key=_keep_key)
        places.setdefault(place, []).append(same[0])
        for dup in same[1:]:
            rows.append(Row("", dup.path, "", "duplicate", note=_join(
                f"same place and year ({place} {dup.year}) as {same[0].path}, which is used", dup.note)))
    return places, rows


def _join(*notes: str) -> str:
    return "; ".join(n for n in notes if n)


def make_pairs(places: dict[str, list[FileInfo]], *, pairs: Pairing = "consecutive") -> tuple[list[tuple[str, FileInfo, FileInfo]], list[Row]]:
    """(place, older, newer) triples, consecutive years or every pair, plus rows of files left alone."""
    if pairs not in PAIRINGS:
        raise OptionError(f"--pairs {pairs!r} is not one of {', '.join(PAIRINGS)}")
    out: list[tuple[str, FileInfo, FileInfo]] = []
    rows: list[Row] = []
    for place in sorted(places):
        files = places[place]
        if len(files) < 2:
            rows.append(Row("", files[0].path, "", "unpaired",
                            note=_join(f"the only report of {place}", files[0].note)))
            continue
        combos = zip(files, files[1:], strict=False) if pairs == "consecutive" else itertools.combinations(files, 2)
        out.extend((place, a, b) for a, b in combos)
    return out, rows


# ---------------------------------------------------------------- scheduling


#: at most this many pairs of one place in one task (their shared reports are loaded and tokenized once)
MAX_CHUNK_PAIRS = 8
#: at most this many files in one scan task
MAX_CHUNK_FILES = 16
#: tasks per worker the chunk sizes aim at, so the last tasks are short and the workers finish together
TASKS_PER_WORKER = 4


def chunk_size(n: int, *, workers: int, limit: int) -> int:
    """How many items go into one task: about ``n / (TASKS_PER_WORKER × workers)``, at most ``limit``;
    at least 2 once there are that many tasks' worth of items (two pairs in a task share a report: that
    gains more than finer tasks balance; measured 4% faster at 10 and 20 pairs on 2 workers), else 1."""
    tasks = TASKS_PER_WORKER * max(workers, 1)
    return max(1, min(limit, max(1 if n < tasks else 2, n // tasks)))


def plan_chunks(keys: Sequence[object], costs: Sequence[float], *, size: int) -> list[tuple[int, ...]]:
    """Tasks as tuples of item indices: runs of at most ``size`` consecutive items with the same key
    (the pairs of one place, in year order), largest total cost first (ties: input order).

    Longest first ("LPT") makes the workers finish together: the last tasks handed out are the short
    ones, so no worker idles while another computes a long pair at the end. Every index appears once.
    """
    chunks: list[tuple[int, ...]] = []
    run: list[int] = []
    for i, key in enumerate(keys):
        if run and (len(run) >= size or keys[run[-1]] != key):
            chunks.append(tuple(run))
            run = []
        run.append(i)
    if run:
        chunks.append(tuple(run))
    order = sorted(range(len(chunks)), key=lambda c: (-sum(costs[i] for i in chunks[c]), c))
    return [chunks[c] for c in order]


def pair_cost(task: PairTask) -> float:
    """The scheduler's estimate of a pair's time: the two texts' lengths (correlation 0.90 with the time
    of ``compare`` over the corpus's 40 pairs); 0 for a pair whose output is already there (resume)."""
    if os.path.exists(task.out_path):
        return 0.0
    return float(task.old.chars + task.new.chars)


# ---------------------------------------------------------------- executors


class _Pool:
    """A process pool kept for the whole batch (the scan and the pairs: the workers start and import
    once), replaced when a worker dies and breaks it."""

    def __init__(self, workers: int, max_tasks_per_child: int) -> None:
        self.workers = workers
        self.max_tasks_per_child = max_tasks_per_child
        self._pool: ProcessPoolExecutor | None = None

    def get(self) -> ProcessPoolExecutor:
        if self._pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                             max_tasks_per_child=self.max_tasks_per_child, initializer=_worker_init)
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def _worker_init() -> None:
    """Run in each worker process as it starts: at its exit, skip the interpreter's teardown.

    A worker's results are all sent and its outputs written and closed by the time it exits; what is
    left is freeing jieba's dictionary and the token memo object by object, 0.1–0.3 s per worker that
    the batch would wait for at its end and at every worker replacement. Registered last, the handler
    runs first among the exit handlers: it flushes the standard streams and ends the process.
    """
    import atexit

    atexit.register(_fast_exit)


def _fast_exit() -> None:
    import contextlib
    import sys

    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError, AttributeError):
            stream.flush()
    os._exit(0)


def _run_local(fn: Callable[[T], R], items: Sequence[T], *, workers: int, max_tasks_per_child: int,
               on_result: Callable[[int, R], None], on_crash: Callable[[T, str], R],
               pool: _Pool | None = None) -> None:
    """Run ``fn`` over ``items`` in a process pool (``pool``, else one of its own), at most
    ``2 × workers`` in flight, handed out in the order of ``items``.

    ``workers == 0`` runs in this process (debugging, tests). When a worker process dies (killed, out
    of memory) the pool breaks and every task in flight is lost with it; those tasks are then run again
    one at a time in a pool of one process, so the task that kills its process is told apart from the
    bystanders: it gets ``on_crash``'s result and the batch goes on.
    """
    if workers == 0:
        for i, item in enumerate(items):
            on_result(i, fn(item))
        return
    own = pool is None
    main = pool or _Pool(workers, max_tasks_per_child)
    queue = list(range(len(items)))[::-1]
    suspects: list[int] = []
    try:
        while queue:
            suspects.extend(_pool_pass(fn, items, queue, pool=main, on_result=on_result))
    finally:
        if own:
            main.close()
    suspects = sorted(set(suspects), reverse=True)
    alone = _Pool(1, max_tasks_per_child)
    try:
        while suspects:
            for i in _pool_pass(fn, items, suspects, pool=alone, on_result=on_result, window=1):
                on_result(i, on_crash(items[i], "a worker process died while this task ran (out of memory or "
                                                "killed, also when run alone); the batch went on without it"))
    finally:
        alone.close()


def _pool_pass(fn: Callable[[T], R], items: Sequence[T], queue: list[int], *, pool: _Pool,
               on_result: Callable[[int, R], None], window: int = 0) -> list[int]:
    """Run tasks popped from ``queue`` in ``pool`` until the queue is empty or the pool breaks (it is
    then closed, and opened afresh on next use); returns the indices of the tasks lost with a broken
    pool (the rest stay in ``queue``)."""
    from concurrent.futures import FIRST_COMPLETED, Future, wait
    from concurrent.futures.process import BrokenProcessPool

    width = window or 2 * pool.workers
    lost: list[int] = []
    executor = pool.get()
    running: dict[Future[R], int] = {}
    try:
        while (queue or running) and not lost:
            while queue and len(running) < width:
                i = queue.pop()
                running[executor.submit(fn, items[i])] = i
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            if any(isinstance(f.exception(), BrokenProcessPool) for f in done):
                wait(running)  # a broken pool fails every pending future at once
                done = set(running)
            for fut in sorted(done, key=lambda f: running[f]):
                i = running.pop(fut)
                if isinstance(fut.exception(), BrokenProcessPool):
                    lost.append(i)
                else:
                    on_result(i, fut.result())
    except BaseException:
        pool.close()
        raise
    if lost:
        pool.close()
    return lost


def _dask_client(*, workers: int, scheduler: str | None) -> tuple[Any, Any]:
    """A Dask distributed client (and its LocalCluster, or None when ``scheduler`` is given)."""
    import importlib

    try:
        dist: Any = importlib.import_module("distributed")  # untyped: reached through Any
    except ImportError:
        raise OptionError("--executor dask needs Dask distributed; install it with "
                          "pip install 'reportdiff[dask]' (or pip install 'dask[distributed]')") from None
    for name in ("distributed", "distributed.worker", "distributed.scheduler", "distributed.nanny"):
        logging.getLogger(name).setLevel(logging.ERROR)
    cluster: Any = None
    try:
        if scheduler:
            return dist.Client(scheduler), None
        cluster = dist.LocalCluster(n_workers=max(workers, 1), threads_per_worker=1, processes=True,
                                    dashboard_address=None, silence_logs=logging.ERROR)
        return dist.Client(cluster), cluster
    except (OSError, ValueError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise OptionError(f"cannot reach the Dask scheduler {scheduler or '(local cluster)'}: {one_line(exc)}; "
                          "check --scheduler ADDRESS (e.g. tcp://10.0.0.5:8786)") from None


def _run_dask(fn: Callable[[T], R], items: Sequence[T], *, client: Any, on_result: Callable[[int, R], None],
              on_crash: Callable[[T, str], R]) -> None:
    """Run ``fn`` over ``items`` on a Dask distributed client, at most twice the cluster's threads in
    flight. Workers must see the input and output paths (a shared file system)."""
    import importlib

    dist: Any = importlib.import_module("distributed")
    width = 2 * max(sum(client.nthreads().values()), 1)
    pending = iter(range(len(items)))
    index: dict[object, int] = {}
    ac = dist.as_completed()

    def submit(i: int) -> None:
        fut = client.submit(fn, items[i], pure=False)
        index[fut.key] = i
        ac.add(fut)

    for i in itertools.islice(pending, width):
        submit(i)
    for fut in ac:
        i = index.pop(fut.key)
        try:
            res = fut.result()
        except Exception as exc:  # a lost worker or a task error the task did not catch
            res = on_crash(items[i], f"the Dask task failed: {one_line(exc)}")
        fut.release()
        on_result(i, res)
        nxt = next(pending, None)
        if nxt is not None:
            submit(nxt)


# ---------------------------------------------------------------- the batch


@dataclass
class _Runner:
    executor: ExecutorName
    workers: int
    scheduler: str | None
    max_tasks_per_child: int
    progress: ProgressFn | None
    _client: Any = None
    _cluster: Any = None
    _pool: _Pool | None = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = self._pool = None

    def map(self, stage: str, fn: Callable[[tuple[T, ...]], tuple[R, ...]], items: Sequence[T],
            chunks: Sequence[tuple[int, ...]], on_crash: Callable[[T, str], R], is_failure: Callable[[R], bool],
            on_each: Callable[[int, R], None] | None = None) -> list[R]:
        """``fn`` over ``items``, one task per chunk (a tuple of item indices, handed out in the order
        given); results in item order. Progress counts items. When a task of several items is lost with
        its worker, its items are run again one by one, so only the item that kills its worker fails."""
        out: dict[int, R] = {}
        failed = 0

        def on_result(c: int, res: tuple[R, ...]) -> None:
            nonlocal failed
            for i, r in zip(chunks[c], res, strict=True):
                out[i] = r
                failed += is_failure(r)
                if on_each:
                    on_each(i, r)
            if self.progress:
                self.progress(stage, len(out), len(items), failed)

        self._run(fn, [tuple(items[i] for i in chunk) for chunk in chunks], on_result, on_crash)
        return [out[i] for i in range(len(items))]

    def _run(self, fn: Callable[[tuple[T, ...]], tuple[R, ...]], tasks: Sequence[tuple[T, ...]],
             on_result: Callable[[int, tuple[R, ...]], None], on_crash: Callable[[T, str], R],
             *, alone: bool = False) -> None:
        def crash(task: tuple[T, ...], why: str) -> tuple[R, ...]:
            if len(task) == 1:
                return (on_crash(task[0], why),)
            got: dict[int, R] = {}
            self._run(fn, [(x,) for x in task], lambda j, res: got.__setitem__(j, res[0]), on_crash, alone=True)
            return tuple(got[j] for j in range(len(task)))

        if self.executor == "dask":
            if self._client is None:
                self._client, self._cluster = _dask_client(workers=self.workers, scheduler=self.scheduler)
            _run_dask(fn, tasks, client=self._client, on_result=on_result, on_crash=crash)
            return
        if self.workers and self._pool is None:
            self._pool = _Pool(self.workers, self.max_tasks_per_child)
        _run_local(fn, tasks, workers=1 if alone else self.workers, max_tasks_per_child=self.max_tasks_per_child,
                   on_result=on_result, on_crash=crash, pool=None if alone else self._pool)


def _scan_crash(path: str, why: str) -> FileInfo:
    return FileInfo(path, error=f"{path}: {why}")


def _pair_crash(task: PairTask, why: str) -> Row:
    return Row(task.name, task.old.path, task.new.path, "failed", error=why, note=task.note)


def read_summary(path: str | os.PathLike[str]) -> dict[str, Row]:
    """The pair rows of an earlier ``summary.csv`` by pair name (empty when absent or unreadable)."""
    rows: dict[str, Row] = {}
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            for rec in csv.DictReader(fh):
                if not rec.get("pair") or rec.get("status") not in ("ok", "exists"):
                    continue
                try:
                    shares = tuple(float(rec[f"share_{k}"]) for k in SHARE_KEYS)
                    goals = tuple(int(rec[f"goals_{k}"]) for k in (*GOAL_KEYS, "other"))
                    outcomes = tuple(int(rec[f"targets_{k}"]) for k in OUTCOME_KEYS)
                except (KeyError, ValueError, TypeError):
                    continue
                rows[rec["pair"]] = Row(rec["pair"], rec.get("old_file", ""), rec.get("new_file", ""), "exists",
                                        shares=shares, goals=goals, outcomes=outcomes)
    except (OSError, ValueError, csv.Error):
        return {}
    return rows


def summary_csv(rows: Iterable[Row]) -> str:
    """The summary table as CSV text (header + one line per row, ``\\n`` line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for row in rows:
        w.writerow(row.cells())
    return buf.getvalue()


def _write_summary(path: str, rows: Iterable[Row]) -> None:
    from reportdiff.atomic import write_text

    try:
        write_text(path, summary_csv(rows))
    except OSError as exc:  # disk full, folder removed meanwhile: one line, not a traceback
        raise OutputError(f"{path}: cannot write the summary ({exc.strerror or exc}); the outputs written so far "
                          "are kept, run the same command again to resume") from None


def _prepare_out(out: str) -> None:
    if os.path.exists(out) and not os.path.isdir(out):
        raise OutputError(f"{out}: exists and is not a folder; give --out a folder for the outputs")
    try:
        os.makedirs(out, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the output folder ({exc.strerror or exc}); "
                          "choose another --out folder") from None
    import tempfile

    try:
        fd, probe = tempfile.mkstemp(prefix=".reportdiff-probe-", dir=out)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write into the output folder ({exc.strerror or exc}); "
                          "choose another --out folder") from None


def run_batch(
    inputs: str,
    *,
    out: str,
    pairs: Pairing = "consecutive",
    format: OutFormat = "json",
    workers: int = 1,
    executor: ExecutorName = "local",
    scheduler: str | None = None,
    layout: Layout = "side-by-side",
    font: str | None = None,
    userdicts: Sequence[str] = (),
    max_tasks_per_child: int = DEFAULT_MAX_TASKS_PER_CHILD,
    progress: ProgressFn | None = None,
    summary_every: float = 30.0,
) -> BatchResult:
    """Compare every pair of reports of each place found under ``inputs`` (a folder, a glob or a file).

    Writes one output per pair into ``out`` and ``out/summary.csv`` (rewritten atomically every
    ``summary_every`` seconds while running and once at the end). ``workers`` worker processes (0: in
    this process, local executor only); ``executor="dask"`` runs the same tasks on Dask distributed.
    Raises OptionError/OutputError for bad options or an unwritable ``out``; bad files and failed pairs
    are rows of the summary, not exceptions.
    """
    t0 = time.perf_counter()
    if pairs not in PAIRINGS:
        raise OptionError(f"--pairs {pairs!r} is not one of {', '.join(PAIRINGS)}")
    if format not in FORMATS:
        raise OptionError(f"--format {format!r} is not one of {', '.join(FORMATS)} for batch")
    if executor not in EXECUTORS:
        raise OptionError(f"--executor {executor!r} is not one of {', '.join(EXECUTORS)}")
    if workers < 0 or (workers == 0 and executor == "dask"):
        raise OptionError(f"--workers {workers}: give a number of worker processes, at least 1")
    if max_tasks_per_child < 1:
        raise OptionError(f"max_tasks_per_child {max_tasks_per_child}: give at least 1")
    if scheduler and executor != "dask":
        raise OptionError("--scheduler is only used with --executor dask")
    files = find_reports(inputs, exclude=out)
    if format == "pdf":
        from reportdiff.render.fonts import find_cjk_font

        font = str(find_cjk_font(font))
    _prepare_out(out)
    summary_path = os.path.join(out, SUMMARY_NAME)
    previous = read_summary(summary_path)
    log.info("batch: %d report files under %s", len(files), inputs)
    runner = _Runner(executor, workers, scheduler, max_tasks_per_child, progress)
    try:
        scan_chunks = plan_chunks([0] * len(files), [0.0] * len(files),
                                  size=chunk_size(len(files), workers=workers, limit=MAX_CHUNK_FILES))
        infos = fill_places(runner.map("scan", scan_files, files, scan_chunks, _scan_crash,
                                       lambda i: i.error is not None))
        places, file_rows = group(infos)
        triples, alone = make_pairs(places, pairs=pairs)
        file_rows.extend(alone)
        file_rows.sort(key=lambda r: (r.old_file, r.status))
        tasks = [PairTask(place, a, b, out, format, layout, font, tuple(userdicts)) for place, a, b in triples]
        log.info("batch: %d pairs", len(tasks))

        done: dict[str, Row] = {}
        last_write = time.monotonic()

        def rows_now() -> list[Row]:
            return [done.get(t.name) or Row(t.name, t.old.path, t.new.path, "pending", note=t.note)
                    for t in tasks] + file_rows

        def checkpoint() -> None:
            nonlocal last_write
            if time.monotonic() - last_write >= summary_every:
                _write_summary(summary_path, rows_now())
                last_write = time.monotonic()

        def record(i: int, row: Row) -> None:
            if row.status == "exists" and row.shares is None and row.pair in previous:
                prev = previous[row.pair]
                row = replace(row, shares=prev.shares, goals=prev.goals, outcomes=prev.outcomes)
            done[row.pair] = row
            checkpoint()

        pair_chunks = plan_chunks([t.place for t in tasks], [pair_cost(t) for t in tasks],
                                  size=chunk_size(len(tasks), workers=workers, limit=MAX_CHUNK_PAIRS))
        runner.map("pairs", run_pairs, tasks, pair_chunks, _pair_crash, lambda r: r.status == "failed",
                   on_each=record)
    finally:
        runner.close()
    all_rows = tuple(rows_now())
    _write_summary(summary_path, all_rows)
    return BatchResult(all_rows, summary_path, len(files), time.perf_counter() - t0)
