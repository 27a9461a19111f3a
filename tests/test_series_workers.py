"""Tests of the series' worker processes: the same JSON bytes for any number of workers on real
reports, the contiguous balanced split of the pairs, errors surfacing as in serial code (first
failing pair in year order, goals before pairs, pairs before word counts), the fall-backs (a worker
that dies, other threads running) and the ``--workers`` option of the CLI."""

from __future__ import annotations

import importlib
import itertools
import json
import logging
import os
import threading
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportdiff.cli import main
from reportdiff.errors import InputError, OptionError
from reportdiff.loading import load
from reportdiff.model import Report

S = importlib.import_module("reportdiff.series")  # the package exports the function under the same name
CMP = importlib.import_module("reportdiff.compare")

DATA = Path(__file__).parent / "data" / "corpus"
NATIONAL = [DATA / "national" / f"guowuyuan-{y}.txt" for y in (2013, 2014, 2015, 2016)]
SICHUAN = [DATA / "province" / f"sichuan-{y}.txt" for y in (2021, 2022, 2023)]
FORK = hasattr(os, "fork")
needs_fork = pytest.mark.skipif(not FORK, reason="worker processes need fork")


def pool_can_run() -> bool:
    """The series forks only when this process runs no other thread; earlier tests in the same
    pytest process (a Dask LocalCluster) may leave threads behind, and then it rightly runs serially.
    ``test_worker_pool_runs_in_a_fresh_interpreter`` proves the pool path in a clean process."""
    return threading.active_count() == 1


@cache
def national() -> tuple[Report, ...]:
    return tuple(load(p) for p in NATIONAL)


@cache
def sichuan() -> tuple[Report, ...]:
    return tuple(load(p) for p in SICHUAN)


@cache
def serial_json(which: str) -> str:
    reports = national() if which == "national" else sichuan()
    return str(S.series(reports, workers=1).to_json())


def fresh(which: str) -> list[Report]:
    """Newly loaded reports: no tokens cached for them in this process yet."""
    return [load(p) for p in (NATIONAL if which == "national" else SICHUAN)]


# ---------------------------------------------------------------- same bytes for any number of workers

@needs_fork
@pytest.mark.parametrize("which", ["national", "sichuan"])
@pytest.mark.parametrize("workers", [2, 4])
def test_json_is_byte_identical_whatever_the_workers(which: str, workers: int,
                                                     caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="reportdiff"):
        got = S.series(list(reversed(fresh(which))), workers=workers).to_json()
    n_pairs = len(NATIONAL if which == "national" else SICHUAN) - 1
    if pool_can_run():
        assert f"{n_pairs} pairs in {min(workers, n_pairs)} worker processes" in caplog.text  # the pool ran
    assert got == serial_json(which)


SCRIPT = """
import logging, sys
sys.path.insert(0, ROOT)
logging.basicConfig(level=logging.INFO, format="%(message)s")
from reportdiff.loading import load
from reportdiff.series import series
two = series([load(f) for f in FILES], workers=2).to_json()
one = series([load(f) for f in FILES], workers=1).to_json()
print("SAME" if one == two else "DIFFERENT")
"""


@needs_fork
def test_worker_pool_runs_in_a_fresh_interpreter(tmp_path: Path) -> None:
    """In a clean process (no other threads) the pool really runs and gives the serial bytes."""
    import subprocess
    import sys

    script = tmp_path / "run.py"
    head = f"ROOT = {str(Path(__file__).resolve().parents[1])!r}\nFILES = {[str(p) for p in SICHUAN]!r}\n"
    script.write_text(head + SCRIPT, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600, check=True)
    assert "2 pairs in 2 worker processes" in done.stderr
    assert done.stdout.strip() == "SAME"


@needs_fork
def test_parallel_series_equals_serial_record_by_record() -> None:
    one = S.series(sichuan(), workers=1)
    two = S.series(fresh("sichuan"), workers=2)
    assert one.transitions == two.transitions  # shares, section link counts and the links themselves
    assert one.threads == two.threads
    assert one.terms == two.terms
    assert one.totals == two.totals
    assert one.metrics == two.metrics


def test_default_workers_is_one_or_two() -> None:
    assert S.default_workers() in (1, 2)


@pytest.mark.parametrize("bad", [0, -1, True, 1.5, "2"])
def test_bad_workers_raise_option_error(bad: Any) -> None:
    with pytest.raises(OptionError, match="workers must be a whole number of 1 or more"):
        S.series(national()[:2], workers=bad)


def test_two_reports_need_no_worker_process(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="reportdiff"):
        got = S.series(national()[:2], workers=2).to_json()
    assert "worker processes" not in caplog.text  # one pair: one chunk, computed here
    assert got == S.series(national()[:2], workers=1).to_json()


# ---------------------------------------------------------------- splitting the pairs

@pytest.mark.parametrize(("weights", "parts", "expected"), [
    ([], 2, ()),
    ([7], 2, ((0, 1),)),
    ([1, 1], 5, ((0, 1), (1, 2))),
    ([1] * 13, 1, ((0, 13),)),
    ([1] * 13, 2, ((0, 6), (6, 13))),
    ([1] * 13, 3, ((0, 4), (4, 8), (8, 13))),
    ([5, 1, 1, 1], 2, ((0, 1), (1, 4))),
    ([1, 1, 1, 5], 2, ((0, 3), (3, 4))),
    ([2, 2, 2, 2, 8], 2, ((0, 4), (4, 5))),
    ([0, 0, 0], 2, ((0, 1), (1, 3))),
])
def test_split_pairs_table(weights: list[int], parts: int, expected: tuple[tuple[int, int], ...]) -> None:
    assert S.split_pairs(weights, parts) == expected


def _brute_force_best(weights: list[int], parts: int) -> int:
    n = len(weights)
    best = sum(weights)
    for cuts in itertools.combinations(range(1, n), parts - 1):
        bounds = (0, *cuts, n)
        best = min(best, max(sum(weights[a:b]) for a, b in itertools.pairwise(bounds)))
    return best


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(0, 100), min_size=1, max_size=9), st.integers(1, 5))
def test_split_pairs_tiles_the_pairs_and_is_optimal(weights: list[int], parts: int) -> None:
    ranges = S.split_pairs(weights, parts)
    assert len(ranges) == min(parts, len(weights))
    assert ranges[0][0] == 0 and ranges[-1][1] == len(weights)
    assert all(lo < hi for lo, hi in ranges)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges))
    largest = max(sum(weights[lo:hi]) for lo, hi in ranges)
    assert largest == _brute_force_best(weights, len(ranges))


# ---------------------------------------------------------------- errors surface as in serial code

def _failing_compare(years: set[int], message: str) -> Any:
    real = CMP.compare

    def compare(old: Report, new: Report, **kw: Any) -> Any:
        if new.meta.year in years:
            raise InputError(f"{message} {new.meta.year}")
        return real(old, new, **kw)

    return compare


def _error(reports: list[Report] | tuple[Report, ...], workers: int) -> tuple[type[BaseException], str]:
    with pytest.raises(Exception) as info:  # noqa: PT011 - the type is what is compared
        S.series(reports, workers=workers)
    return type(info.value), str(info.value)


def _chunk_years() -> tuple[int, int]:
    """The new year of the first pair of the first chunk and of the last pair of the second chunk
    when the national pairs are split for two workers."""
    reports = national()
    ranges = S.split_pairs([len(a.text) + len(b.text) for a, b in itertools.pairwise(reports)], 2)
    assert len(ranges) == 2
    first, last = reports[ranges[0][0] + 1].meta.year, reports[ranges[1][1]].meta.year
    assert first is not None and last is not None
    return first, last


@pytest.mark.parametrize("workers", [1, 2] if FORK else [1])
def test_the_first_failing_pair_in_year_order_is_raised(monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    first, last = _chunk_years()  # a pair of each chunk fails: serial code meets the first one first
    monkeypatch.setattr(CMP, "compare", _failing_compare({first, last}, "cannot compare"))
    assert _error(fresh("national"), workers) == (InputError, f"cannot compare {first}")


@pytest.mark.parametrize("workers", [1, 2] if FORK else [1])
def test_an_error_of_the_second_chunk_alone_is_raised(monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    _first, last = _chunk_years()
    monkeypatch.setattr(CMP, "compare", _failing_compare({last}, "cannot compare"))
    assert _error(fresh("national"), workers) == (InputError, f"cannot compare {last}")


@pytest.mark.parametrize("workers", [1, 2] if FORK else [1])
def test_pairs_fail_before_word_counts_and_goals_before_pairs(monkeypatch: pytest.MonkeyPatch, workers: int) -> None:
    def counts(report: Report) -> Any:
        raise InputError(f"cannot count {report.meta.year}")

    monkeypatch.setattr(S, "yearly_term_counts", counts)
    assert _error(national(), workers) == (InputError, "cannot count 2013")
    _first, last = _chunk_years()  # word counts of the first chunk fail, a pair of the second chunk too
    monkeypatch.setattr(CMP, "compare", _failing_compare({last}, "cannot compare"))
    assert _error(national(), workers) == (InputError, f"cannot compare {last}")

    goals = importlib.import_module("reportdiff.goals")

    def extract(report: Report, **kw: Any) -> Any:
        raise OptionError(f"cannot read goals of {report.meta.year}")

    monkeypatch.setattr(goals, "extract_goals", extract)
    assert _error(national(), workers) == (OptionError, "cannot read goals of 2013")


# ---------------------------------------------------------------- fall-backs

@needs_fork
def test_a_worker_that_dies_falls_back_to_this_process(monkeypatch: pytest.MonkeyPatch,
                                                        caplog: pytest.LogCaptureFixture) -> None:
    real = CMP.compare
    parent = os.getpid()

    def compare(old: Report, new: Report, **kw: Any) -> Any:
        if os.getpid() != parent:
            os._exit(3)  # a worker killed mid-way
        return real(old, new, **kw)

    monkeypatch.setattr(CMP, "compare", compare)
    with caplog.at_level(logging.INFO, logger="reportdiff"):
        got = S.series(fresh("sichuan"), workers=2).to_json()
    if pool_can_run():
        assert "a worker process died" in caplog.text
    assert got == serial_json("sichuan")


@needs_fork
def test_other_threads_running_mean_no_fork(caplog: pytest.LogCaptureFixture) -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, daemon=True)
    thread.start()
    try:
        with caplog.at_level(logging.INFO, logger="reportdiff"):
            got = S.series(fresh("sichuan"), workers=2).to_json()
    finally:
        stop.set()
        thread.join()
    assert "worker processes" not in caplog.text
    assert got == serial_json("sichuan")


# ---------------------------------------------------------------- CLI

def test_cli_workers_option_gives_the_same_file(tmp_path: Path) -> None:
    files = [str(p) for p in SICHUAN]
    outs = []
    for n in (1, 2):
        out = tmp_path / f"w{n}.json"
        assert main(["series", *files, "-o", str(out), "--workers", str(n)]) == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert json.loads(outs[0])["years"] == [2021, 2022, 2023]


def test_cli_rejects_zero_workers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.json"
    assert main(["series", *map(str, SICHUAN), "-o", str(out), "--workers", "0"]) == 2
    assert "--workers must be 1 or more, got 0" in capsys.readouterr().err
    assert not out.exists()
