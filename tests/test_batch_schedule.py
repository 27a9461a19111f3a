"""Batch scheduling: chunks of pairs of one place, longest first, one pool for both stages, crash splitting,
and outputs that do not depend on any of it."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportdiff import batch as b
from reportdiff.batch import FileInfo

from .conftest import corpus

# ---------------------------------------------------------------- planning (pure)


@pytest.mark.parametrize(("n", "workers", "limit", "size"), [
    (0, 2, 8, 1), (1, 2, 8, 1), (7, 2, 8, 1), (8, 2, 8, 2), (10, 2, 8, 2), (16, 2, 8, 2), (24, 2, 8, 3),
    (40, 2, 8, 5), (3, 1, 8, 1), (4, 1, 8, 2), (40, 1, 8, 8), (40, 0, 8, 8), (2637, 2, 8, 8), (45, 2, 16, 5),
    (3004, 2, 16, 16), (100, 4, 8, 6), (20, 4, 1, 1),
])
def test_chunk_size(n: int, workers: int, limit: int, size: int) -> None:
    assert b.chunk_size(n, workers=workers, limit=limit) == size


def test_plan_chunks_splits_runs_of_one_place_and_puts_the_longest_first() -> None:
    keys = ["a", "a", "a", "b", "b", "c", "a"]
    costs = [1.0, 1.0, 1.0, 5.0, 5.0, 0.5, 9.0]
    assert b.plan_chunks(keys, costs, size=2) == [(3, 4), (6,), (0, 1), (2,), (5,)]
    assert b.plan_chunks(keys, [0.0] * 7, size=8) == [(0, 1, 2), (3, 4), (5,), (6,)]  # ties: input order


@given(st.lists(st.tuples(st.sampled_from("abc"), st.integers(0, 50)), max_size=40), st.integers(1, 9))
def test_plan_chunks_properties(items: list[tuple[str, int]], size: int) -> None:
    keys = [k for k, _ in items]
    costs = [float(c) for _, c in items]
    chunks = b.plan_chunks(keys, costs, size=size)
    assert sorted(i for c in chunks for i in c) == list(range(len(items)))  # every item once
    for c in chunks:
        assert 1 <= len(c) <= size and list(c) == list(range(c[0], c[0] + len(c)))  # consecutive items
        assert len({keys[i] for i in c}) == 1  # of one place
    totals = [sum(costs[i] for i in c) for c in chunks]
    assert totals == sorted(totals, reverse=True)  # longest first
    assert b.plan_chunks(keys, costs, size=size) == chunks  # deterministic


def test_pair_cost_is_the_texts_length_and_zero_once_written(tmp_path: Path) -> None:
    old = FileInfo("a/2022.txt", "广安市", 2022, chars=100)
    new = FileInfo("a/2023.txt", "广安市", 2023, chars=250)
    task = b.PairTask("广安市", old, new, str(tmp_path))
    assert b.pair_cost(task) == 350.0
    Path(task.out_path).write_text("{}", encoding="utf-8")
    assert b.pair_cost(task) == 0.0


def test_scan_records_the_text_length() -> None:
    from reportdiff.loading import load

    info = b.scan_file(str(corpus("guangan-2023")))
    assert info.chars == len(load(corpus("guangan-2023")).text) > 10_000
    assert b.scan_files([str(corpus("guangan-2023"))]) == (info,)


# ---------------------------------------------------------------- a chunk in a worker


def _infos(*years: int) -> list[FileInfo]:
    return [FileInfo(str(corpus(f"guangan-{y}")), "广安市", y) for y in years]


def test_run_pairs_gives_each_pair_what_run_pair_gives_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    loading = importlib.import_module("reportdiff.loading")
    real_load = loading.load
    loads: list[str] = []

    def counting_load(path: str) -> object:
        loads.append(os.path.basename(path))
        return real_load(path)

    f21, f22, f23 = _infos(2021, 2022, 2023)
    (tmp_path / "chunk").mkdir()
    (tmp_path / "alone").mkdir()
    # consecutive pairs, then an 'all'-style run that comes back to an older report
    specs = [(f21, f22), (f22, f23), (f21, f23)]
    chunk = [b.PairTask("广安市", o, n, str(tmp_path / "chunk")) for o, n in specs]
    alone = [b.PairTask("广安市", o, n, str(tmp_path / "alone")) for o, n in specs]
    monkeypatch.setattr(loading, "load", counting_load)
    rows = b.run_pairs(chunk)
    # 2022 is loaded once for its two pairs; 2021 was let go (the next pair did not need it) and reloaded
    assert loads == ["guangan-2021.txt", "guangan-2022.txt", "guangan-2023.txt", "guangan-2021.txt"]
    single = [b.run_pair(t) for t in alone]
    assert [r.status for r in rows] == ["ok"] * 3
    strip = [(r.pair, r.status, r.error, r.note, r.shares, r.goals, r.outcomes) for r in rows]
    assert strip == [(r.pair, r.status, r.error, r.note, r.shares, r.goals, r.outcomes) for r in single]
    for t in chunk:
        assert Path(t.out_path).read_bytes() == (tmp_path / "alone" / Path(t.out_path).name).read_bytes()


def test_run_pairs_goes_on_after_a_bad_pair(tmp_path: Path) -> None:
    f22, f23 = _infos(2022, 2023)
    missing = FileInfo(str(tmp_path / "gone-2024.txt"), "广安市", 2024)
    rows = b.run_pairs([b.PairTask("广安市", f23, missing, str(tmp_path)), b.PairTask("广安市", f22, f23, str(tmp_path))])
    assert [r.status for r in rows] == ["failed", "ok"] and "gone-2024.txt" in rows[0].error


# ---------------------------------------------------------------- the runner


def _die_on_three(xs: tuple[int, ...]) -> tuple[int, ...]:
    if 3 in xs:
        os._exit(3)
    return tuple(x * 10 for x in xs)


def _pids(xs: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(os.getpid() for _ in xs)


def test_a_chunk_lost_with_its_worker_is_split_so_only_the_killer_fails() -> None:
    seen: list[tuple[str, int, int, int]] = []
    runner = b._Runner("local", 2, None, 40, lambda *a: seen.append(a))
    try:
        got = runner.map("pairs", _die_on_three, list(range(7)), [(0, 1, 2, 3), (4, 5), (6,)],
                         lambda x, why: -1, lambda r: r < 0)
    finally:
        runner.close()
    assert got == [0, 10, 20, -1, 40, 50, 60]
    assert seen[-1] == ("pairs", 7, 7, 1)  # progress counts items, not tasks


def test_the_scan_and_the_pairs_share_the_worker_processes() -> None:
    runner = b._Runner("local", 2, None, 40, None)
    try:
        first = runner.map("scan", _pids, list(range(8)), [(i,) for i in range(8)], lambda x, why: -1,
                           lambda r: False)
        second = runner.map("pairs", _pids, list(range(8)), [(i,) for i in range(8)], lambda x, why: -1,
                            lambda r: False)
    finally:
        runner.close()
    assert set(second) <= set(first) and len(set(first)) <= 2 and os.getpid() not in first


def test_in_process_map_follows_the_plan_order() -> None:
    order: list[int] = []

    def record(xs: tuple[int, ...]) -> tuple[int, ...]:
        order.extend(xs)
        return xs

    runner = b._Runner("local", 0, None, 40, None)
    got = runner.map("pairs", record, [5, 6, 7, 8], [(2, 3), (0,), (1,)], lambda x, why: -1, lambda r: False)
    assert got == [5, 6, 7, 8] and order == [7, 8, 5, 6]


# ---------------------------------------------------------------- whole batches: same bytes


@pytest.fixture(scope="module")
def guangan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("guangan")
    for year in (2021, 2022, 2023, 2025):
        shutil.copy(corpus(f"guangan-{year}"), root / f"{year}.txt")
    return root


def test_chunked_batch_in_workers_gives_the_bytes_of_pairs_computed_one_by_one(
        guangan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one_by_one = tmp_path / "single"
    b.run_batch(str(guangan), out=str(one_by_one), pairs="all", workers=0)  # 6 pairs, chunks of one pair
    monkeypatch.setattr(b, "TASKS_PER_WORKER", 1)  # 6 pairs, 2 workers: chunks of three pairs
    assert b.plan_chunks(["广安市"] * 6, [1.0] * 6, size=b.chunk_size(6, workers=2, limit=b.MAX_CHUNK_PAIRS)) == [
        (0, 1, 2), (3, 4, 5)]
    chunked = tmp_path / "chunked"
    result = b.run_batch(str(guangan), out=str(chunked), pairs="all", workers=2)
    assert result.count("ok") == 6
    outs = {p.name: p.read_bytes() for p in sorted(chunked.glob("*.json"))}
    assert outs == {p.name: p.read_bytes() for p in sorted(one_by_one.glob("*.json"))} and len(outs) == 6
    def summary(out: Path) -> list[list[str]]:
        with open(out / "summary.csv", encoding="utf-8", newline="") as fh:
            return [line[:-1] for line in csv.reader(fh)]  # every column but seconds

    assert summary(chunked) == summary(one_by_one)


def test_a_worker_exits_without_the_teardown_but_flushes_its_output(tmp_path: Path) -> None:
    import subprocess
    import sys

    # exit handlers run last in, first out: one registered before _worker_init (like logging's) is skipped
    # with the rest of the teardown; one registered after it still runs; buffered output is flushed
    code = ("import atexit, sys; atexit.register(lambda: sys.stdout.write(' skipped')); "
            "from reportdiff.batch import _worker_init; _worker_init(); "
            "atexit.register(lambda: sys.stdout.write(' runs')); sys.stdout.write('partial line'); "
            "sys.stderr.write('err')")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(Path(b.__file__).parents[1])})
    assert (done.returncode, done.stdout, done.stderr) == (0, "partial line runs", "err")


def test_outputs_survive_worker_replacement_after_every_task(guangan: Path, tmp_path: Path) -> None:
    ref = tmp_path / "ref"
    b.run_batch(str(guangan), out=str(ref), workers=0)
    out = tmp_path / "out"
    result = b.run_batch(str(guangan), out=str(out), workers=2, max_tasks_per_child=1)
    assert result.count("ok") == 3
    assert {p.name: p.read_bytes() for p in out.glob("*.json")} == {p.name: p.read_bytes() for p in ref.glob("*.json")}


def _raise_on_three(xs: tuple[int, ...]) -> tuple[int, ...]:
    if 3 in xs:
        raise RuntimeError("three")
    return tuple(x * 10 for x in xs)


def test_a_failed_dask_task_of_several_items_is_split_so_only_the_culprit_fails() -> None:
    pytest.importorskip("distributed")
    runner = b._Runner("dask", 1, None, 40, None)
    try:
        got = runner.map("pairs", _raise_on_three, list(range(5)), [(2, 3, 4), (0, 1)],
                         lambda x, why: -1 if "three" in why else -2, lambda r: r < 0)
    finally:
        runner.close()
    assert got == [0, 10, 20, -1, 40]
