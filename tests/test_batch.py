"""Batch: discovery, grouping and pairing rules, the summary table, resume, worker/executor independence."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from reportdiff import batch as b
from reportdiff.batch import FileInfo, Row
from reportdiff.errors import OptionError, OutputError

from .conftest import DATA, corpus

PNG = (DATA / "bad" / "image.png").read_bytes()


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """广安 2021/2022/2023 (+ a copy of 2022), 绵阳 2025 alone, two bad files, ignored files."""
    root = tmp_path_factory.mktemp("in")
    (root / "广安").mkdir()
    for year in (2021, 2022, 2023):
        shutil.copy(corpus(f"guangan-{year}"), root / "广安" / f"{year}.txt")
    shutil.copy(corpus("guangan-2022"), root / "广安" / "2022-copy.txt")
    (root / "绵阳").mkdir()
    shutil.copy(corpus("mianyang-2025"), root / "绵阳" / "mianyang-2025.md")
    (root / "misc").mkdir()
    (root / "misc" / "broken.txt").write_bytes(PNG)
    (root / "misc" / "empty.md").write_bytes(b"")
    (root / "misc" / "notes.csv").write_text("a,b\n", encoding="utf-8")
    (root / ".hidden").mkdir()
    shutil.copy(corpus("guangan-2025"), root / ".hidden" / "2025.txt")
    return root


@pytest.fixture(scope="module")
def first_run(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, b.BatchResult]:
    out = tmp_path_factory.mktemp("out")
    return out, b.run_batch(str(inputs), out=str(out), workers=0)


def _outputs(out: Path, suffix: str = "json") -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob(f"*.{suffix}"))}


def _summary(out: Path) -> list[dict[str, str]]:
    with open(out / "summary.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ---------------------------------------------------------------- small rules


@pytest.mark.parametrize(("path", "year"), [
    ("archive/北京市/2023.md", 2023), ("guangan-2014.txt", 2014), ("sichuan_2020_official.html", 2020),
    ("report-2019-v2.txt", 2019), ("2010-2015-plan-2016.txt", 2016), ("x/1999.md", 1999),
    ("report.txt", None), ("12023.txt", None), ("2023a.txt", 2023), ("id-3020.txt", None), ("1938.txt", None),
])
def test_year_from_name(path: str, year: int | None) -> None:
    assert b.year_from_name(path) == year


@pytest.mark.parametrize(("place", "safe"), [
    ("广安市", "广安市"), ("a/b", "a_b"), ("海西 蒙古族", "海西_蒙古族"), ("..", "_"), ("x:*?", "x"), ("a:b", "a_b"), ("", "_"),
])
def test_safe_place(place: str, safe: str) -> None:
    assert b.safe_place(place) == safe


def test_pair_name() -> None:
    assert b.pair_name("广安市", 2022, 2023) == "广安市-2022__广安市-2023"


@pytest.mark.parametrize(("exc", "line"), [
    (OptionError("bad option"), "bad option"),
    (ValueError("x\n  y"), "ValueError: x y"),
    (RecursionError(), "RecursionError"),
])
def test_one_line(exc: BaseException, line: str) -> None:
    assert b.one_line(exc) == line


def test_one_line_is_short() -> None:
    assert len(b.one_line(ValueError("长" * 5000))) <= 400


def test_group_keeps_the_file_named_after_its_year_and_records_the_rest() -> None:
    infos = [
        FileInfo("a/2022-copy.txt", "广安市", 2022), FileInfo("a/2022.txt", "广安市", 2022),
        FileInfo("a/2021.txt", "广安市", 2021), FileInfo("b/x.txt", error="b/x.txt: the file is empty"),
        FileInfo("c/report.txt", "广安市", 2023, year_from="file name"), FileInfo("c/2023.txt", "广安市", 2023),
    ]
    places, rows = b.group(infos)
    assert [i.path for i in places["广安市"]] == ["a/2021.txt", "a/2022.txt", "c/2023.txt"]
    assert {(r.old_file, r.status) for r in rows} == {
        ("b/x.txt", "bad_file"), ("a/2022-copy.txt", "duplicate"), ("c/report.txt", "duplicate")}
    dup = next(r for r in rows if r.old_file == "a/2022-copy.txt")
    assert "a/2022.txt" in dup.note


@pytest.mark.parametrize(("pairs", "expected"), [
    ("consecutive", [(2019, 2021), (2021, 2022)]),
    ("all", [(2019, 2021), (2019, 2022), (2021, 2022)]),
])
def test_make_pairs(pairs: b.Pairing, expected: list[tuple[int, int]]) -> None:
    places = {"甲市": [FileInfo(f"{y}.txt", "甲市", y) for y in (2019, 2021, 2022)],
              "乙市": [FileInfo("only.txt", "乙市", 2020)]}
    triples, rows = b.make_pairs(places, pairs=pairs)
    assert [(a.year, c.year) for _, a, c in triples] == expected
    assert [(r.old_file, r.status) for r in rows] == [("only.txt", "unpaired")]


def test_make_pairs_refuses_unknown_mode() -> None:
    with pytest.raises(OptionError, match="--pairs"):
        b.make_pairs({}, pairs="every")  # type: ignore[arg-type]


def test_fill_places_uses_the_folder() -> None:
    infos = [FileInfo("/x/成都/2020.md", "成都市", 2020), FileInfo("/x/成都/2021.md", "成都市", 2021),
             FileInfo("/x/成都/1999.md", None, 1999), FileInfo("/x/无名/2001.md", None, 2001),
             FileInfo("/x/无名/bad.md", error="bad")]
    filled = b.fill_places(infos)
    assert [(i.place, i.place_from) for i in filled] == [
        ("成都市", "meta"), ("成都市", "meta"), ("成都市", "folder"), ("无名", "folder name"), (None, "meta")]
    assert filled[2].note == "place from the other reports of its folder"
    assert filled[3].note == "place from the folder name"


def test_fill_places_notes_a_report_filed_in_another_place_s_folder() -> None:
    infos = [FileInfo("/x/淮南市/2014.md", "淮南市", 2014), FileInfo("/x/淮南市/2015.md", "淮南市", 2015),
             FileInfo("/x/淮南市/2016.md", "淮安市", 2016), FileInfo("/x/甲/2016.md", "甲市", 2016),
             FileInfo("/x/甲/2017.md", "乙市", 2017),
             # a folder of several places (like tests/data/corpus/city): no place is the folder's
             *(FileInfo(f"/x/city/a-{y}.md", "甲市", y) for y in (2001, 2002, 2003)),
             *(FileInfo(f"/x/city/b-{y}.md", "乙市", y) for y in (2001, 2002)),
             *(FileInfo(f"/x/city/c-{y}.md", "丙市", y) for y in (2001, 2002))]
    filled = b.fill_places(infos)
    assert [i.place for i in filled[:5]] == ["淮南市", "淮南市", "淮安市", "甲市", "乙市"]  # the text decides
    assert filled[2].note == "2016.md names 淮安市; the other reports of its folder name 淮南市"
    assert [i.note for i in filled if i is not filled[2]] == [""] * 11


def test_scan_counts_a_late_delivered_report_for_the_next_year(tmp_path: Path) -> None:
    text = corpus("guangan-2023").read_text(encoding="utf-8")
    assert "2023年1月3日" in text
    (tmp_path / "r.txt").write_text(text.replace("2023年1月3日", "2022年11月15日", 1), encoding="utf-8")
    info = b.scan_file(str(tmp_path / "r.txt"))
    assert (info.place, info.year, info.year_from) == ("广安市", 2023, "late date")
    assert "delivered 2022-11-15, counted as the report of 2023" in info.note


def test_scan_records_a_bad_file_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_bytes(PNG)
    info = b.scan_file(str(tmp_path / "x.txt"))
    assert info.error is not None and "PNG" in info.error and "\n" not in info.error


def test_find_reports(inputs: Path, tmp_path: Path) -> None:
    found = [os.path.relpath(p, inputs) for p in b.find_reports(str(inputs))]
    assert found == ["misc/broken.txt", "misc/empty.md", "广安/2021.txt", "广安/2022-copy.txt", "广安/2022.txt",
                     "广安/2023.txt", "绵阳/mianyang-2025.md"]
    assert b.find_reports(str(inputs / "广安" / "*.txt")) == sorted(
        str(p) for p in (inputs / "广安").glob("*.txt"))
    assert b.find_reports(str(inputs), exclude=inputs / "广安") == [
        str(inputs / "misc" / "broken.txt"), str(inputs / "misc" / "empty.md"), str(inputs / "绵阳" / "mianyang-2025.md")]
    with pytest.raises(OptionError, match="no such folder"):
        b.find_reports(str(tmp_path / "nothing"))


def test_summary_csv_round_trip() -> None:
    rows = [Row("甲-1__甲-2", "a, b.txt", "c.txt", "ok", shares=(0.1, 0.2, 0.3, 0.4, 0.05), goals=(1, 2, 3, 4, 5, 6),
                outcomes=(1, 0), seconds=1.5),
            Row("", "bad.txt", "", "bad_file", error='say "no"')]
    text = b.summary_csv(rows)
    assert text.splitlines()[0].split(",") == list(b.COLUMNS)
    recs = list(csv.DictReader(text.splitlines()))
    assert recs[0]["old_file"] == "a, b.txt" and recs[1]["error"] == 'say "no"'
    assert recs[0]["share_moved"] == "0.0500" and recs[0]["goals_other"] == "6" and recs[1]["share_new"] == ""


def test_read_summary_keeps_only_completed_pairs(tmp_path: Path) -> None:
    rows = [Row("p", "a", "b", "ok", shares=(0.1, 0.2, 0.3, 0.4, 0.05), goals=(1, 2, 3, 4, 5, 6), outcomes=(1, 0)),
            Row("q", "a", "b", "failed", error="boom"), Row("", "x", "", "bad_file")]
    (tmp_path / "s.csv").write_text(b.summary_csv(rows), encoding="utf-8")
    prev = b.read_summary(tmp_path / "s.csv")
    assert list(prev) == ["p"] and prev["p"].shares == (0.1, 0.2, 0.3, 0.4, 0.05) and prev["p"].goals == (1, 2, 3, 4, 5, 6)
    assert b.read_summary(tmp_path / "missing.csv") == {}


@pytest.mark.parametrize(("fmt", "data", "ok"), [
    ("pdf", b"%PDF-1.7\n...\n%%EOF\n", True),
    ("pdf", b"%PDF-1.7\n...truncated", False),
    ("pdf", b"<html></html>", False),
    ("html", b"<!DOCTYPE html>\n<html><body>x</body></html>\n", True),
    ("html", b"<!DOCTYPE html>\n<html><body>x", False),
    ("json", b'{"schema": "reportdiff.comparison/1", "old": {}, "new": {}, "links": [], "edits": [], '
             b'"summary": {}, "goals": {}}', True),
    ("json", b'{"schema": "reportdiff.outline/1"}', False),
    ("json", b'{"schema": "reportdiff.comparison/1", "old": {}', False),
    ("json", b"\xff\xfe", False),
])
def test_valid_output(tmp_path: Path, fmt: str, data: bytes, ok: bool) -> None:
    p = tmp_path / f"x.{fmt}"
    p.write_bytes(data)
    assert b.valid_output(str(p), fmt=fmt) is ok
    assert b.valid_output(str(tmp_path / "missing"), fmt=fmt) is False


def test_valid_json_output_must_name_the_pair(tmp_path: Path) -> None:
    doc = {"schema": "reportdiff.comparison/1", "old": {"source": "a.txt"}, "new": {"source": "b.txt"}, "links": [],
           "edits": [], "summary": {}, "goals": {}}
    (tmp_path / "x.json").write_text(json.dumps(doc), encoding="utf-8")
    assert b.valid_output(str(tmp_path / "x.json"), fmt="json", old_file="a.txt", new_file="b.txt")
    assert not b.valid_output(str(tmp_path / "x.json"), fmt="json", old_file="a.txt", new_file="c.txt")


@pytest.mark.parametrize(("kw", "fragment"), [
    ({"pairs": "every"}, "--pairs"), ({"format": "md"}, "--format"), ({"executor": "spark"}, "--executor"),
    ({"workers": -1}, "--workers"), ({"executor": "dask", "workers": 0}, "--workers"),
    ({"scheduler": "tcp://x:1"}, "--scheduler"), ({"max_tasks_per_child": 0}, "max_tasks_per_child"),
])
def test_option_errors(tmp_path: Path, kw: dict[str, object], fragment: str) -> None:
    with pytest.raises(OptionError, match=fragment):
        b.run_batch(str(tmp_path), out=str(tmp_path / "out"), **kw)  # type: ignore[arg-type]
    assert not (tmp_path / "out" / "summary.csv").exists()


@pytest.mark.parametrize("out", ["/proc/reportdiff-out", "/proc/self/status"])
def test_unwritable_out_is_an_output_error(tmp_path: Path, out: str) -> None:
    with pytest.raises(OutputError):
        b.run_batch(str(tmp_path), out=out, workers=0)


# ---------------------------------------------------------------- the batch itself


def test_batch_rows_and_outputs(first_run: tuple[Path, b.BatchResult], inputs: Path) -> None:
    out, result = first_run
    rows = _summary(out)
    got = [(r["pair"], os.path.relpath(r["old_file"], inputs), r["status"]) for r in rows]
    assert got == [
        ("广安市-2021__广安市-2022", "广安/2021.txt", "ok"),
        ("广安市-2022__广安市-2023", "广安/2022.txt", "ok"),
        ("", "misc/broken.txt", "bad_file"),
        ("", "misc/empty.md", "bad_file"),
        ("", "广安/2022-copy.txt", "duplicate"),
        ("", "绵阳/mianyang-2025.md", "unpaired"),
    ]
    assert sorted(_outputs(out)) == ["广安市-2021__广安市-2022.json", "广安市-2022__广安市-2023.json"]
    bad = {r["old_file"]: r["error"] for r in rows if r["status"] == "bad_file"}
    assert all(v.startswith(k) and "\n" not in v for k, v in bad.items())
    for r in rows[:2]:
        shares = [float(r[f"share_{k}"]) for k in b.SHARE_KEYS]
        assert all(0 <= s <= 1 for s in shares) and sum(int(r[f"goals_{k}"]) for k in b.GOAL_KEYS) > 0
    assert result.count("ok") == 2 and result.files == 7
    assert "7 files, 2 pairs: 2 ok, 2 bad_file, 1 duplicate, 1 unpaired" in result.tally()


def test_batch_output_is_the_compare_json(first_run: tuple[Path, b.BatchResult], inputs: Path) -> None:
    from reportdiff.compare import compare
    from reportdiff.loading import load
    from reportdiff.render.json import validate

    out, _ = first_run
    old, new = str(inputs / "广安" / "2022.txt"), str(inputs / "广安" / "2023.txt")
    data = (out / "广安市-2022__广安市-2023.json").read_bytes()
    assert data == compare(load(old), load(new)).to_json().encode("utf-8")
    doc = json.loads(data)
    validate(doc, "comparison")
    row = next(r for r in _summary(out) if r["pair"] == "广安市-2022__广安市-2023")
    assert [float(row[f"share_{k}"]) for k in b.SHARE_KEYS] == [doc["summary"]["shares"][k] for k in b.SHARE_KEYS]
    changes = doc["goals"]["changes"]
    assert int(row["goals_raised"]) == sum(c["change"] == "raised" for c in changes)
    assert sum(int(row[f"goals_{k}"]) for k in (*b.GOAL_KEYS, "other")) == len(changes)


def test_resume_keeps_valid_outputs_and_redoes_broken_ones(first_run: tuple[Path, b.BatchResult], inputs: Path,
                                                           tmp_path: Path) -> None:
    src, _ = first_run
    out = tmp_path / "out"
    shutil.copytree(src, out)
    before = _outputs(out)
    first = out / "广安市-2021__广安市-2022.json"
    second = out / "广安市-2022__广安市-2023.json"
    os.utime(first, (1_000_000, 1_000_000))
    second.write_bytes(before[second.name][: len(before[second.name]) // 2])  # a foreign, truncated file
    (out / "summary.csv").unlink()
    b.run_batch(str(inputs), out=str(out), workers=0)
    assert first.stat().st_mtime == 1_000_000  # kept, not rewritten
    assert _outputs(out) == before
    rows = {r["pair"]: r for r in _summary(out) if r["pair"]}
    assert rows[first.stem]["status"] == "exists" and rows[second.stem]["status"] == "ok"
    old_rows = {r["pair"]: r for r in _summary(src) if r["pair"]}
    for name in rows:  # a resumed row carries the same numbers (read back from its JSON)
        assert [rows[name][c] for c in b.COLUMNS[6:-1]] == [old_rows[name][c] for c in b.COLUMNS[6:-1]]


def test_all_pairs_reuse_the_consecutive_outputs(first_run: tuple[Path, b.BatchResult], inputs: Path,
                                                 tmp_path: Path) -> None:
    src, _ = first_run
    out = tmp_path / "out"
    shutil.copytree(src, out)
    seen: list[tuple[str, int, int, int]] = []
    result = b.run_batch(str(inputs / "广安"), out=str(out), pairs="all", workers=0,
                         progress=lambda *a: seen.append(a))
    statuses = {r.pair: r.status for r in result.rows if r.pair}
    assert statuses == {"广安市-2021__广安市-2022": "exists", "广安市-2021__广安市-2023": "ok",
                        "广安市-2022__广安市-2023": "exists"}
    assert seen[-1] == ("pairs", 3, 3, 0) and seen[0][0] == "scan"


def test_outputs_do_not_depend_on_the_number_of_workers(first_run: tuple[Path, b.BatchResult], inputs: Path,
                                                        tmp_path: Path) -> None:
    src, _ = first_run
    result = b.run_batch(str(inputs), out=str(tmp_path), workers=2, max_tasks_per_child=1)
    assert _outputs(tmp_path) == _outputs(src)
    strip = [c for c in b.COLUMNS if c != "seconds"]
    assert [[r[c] for c in strip] for r in _summary(tmp_path)] == [[r[c] for c in strip] for r in _summary(src)]
    assert result.count("ok") == 2


def test_dask_local_cluster_gives_the_same_bytes(first_run: tuple[Path, b.BatchResult], inputs: Path,
                                                 tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    src, _ = first_run
    result = b.run_batch(str(inputs / "广安" / "202[23].txt"), out=str(tmp_path), workers=2, executor="dask")
    assert [r.status for r in result.rows] == ["ok"]
    name = "广安市-2022__广安市-2023.json"
    assert _outputs(tmp_path) == {name: _outputs(src)[name]}


def test_html_outputs(inputs: Path, tmp_path: Path) -> None:
    result = b.run_batch(str(inputs / "广安" / "202[23].txt"), out=str(tmp_path), format="html", workers=0)
    assert [r.status for r in result.rows] == ["ok"]
    page = tmp_path / "广安市-2022__广安市-2023.html"
    assert b.valid_output(str(page), fmt="html")
    assert "广安" in page.read_text(encoding="utf-8")


def test_a_failing_pair_is_a_row_not_an_exception(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("alignment exploded\nsecond line")

    monkeypatch.setattr(importlib.import_module("reportdiff.compare"), "compare", boom)
    old = FileInfo(str(corpus("guangan-2022")), "广安市", 2022)
    new = FileInfo(str(corpus("guangan-2023")), "广安市", 2023)
    row = b.run_pair(b.PairTask("广安市", old, new, str(tmp_path)))
    assert (row.status, row.error) == ("failed", "RuntimeError: alignment exploded second line")
    assert list(tmp_path.iterdir()) == []


def _die_on_three(x: int) -> int:
    if x == 3:
        os._exit(3)
    return x * 10


def test_a_dying_worker_fails_its_task_and_the_batch_goes_on() -> None:
    got: dict[int, int] = {}
    b._run_local(_die_on_three, [0, 1, 2, 3, 4, 5], workers=2, max_tasks_per_child=5,
                 on_result=lambda i, r: got.__setitem__(i, r), on_crash=lambda x, why: -1)
    assert got == {0: 0, 1: 10, 2: 20, 3: -1, 4: 40, 5: 50}


# ---------------------------------------------------------------- through the CLI


def test_cli_batch(first_run: tuple[Path, b.BatchResult], inputs: Path, tmp_path: Path,
                   capsys: pytest.CaptureFixture[str]) -> None:
    from reportdiff.cli import main

    src, _ = first_run
    shutil.copytree(src, tmp_path / "out")
    assert main(["batch", str(inputs), "--out", str(tmp_path / "out"), "--workers", "0"]) == 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "2 exists, 2 bad_file, 1 duplicate, 1 unpaired" in err
    assert main(["batch", str(inputs), "--out", str(tmp_path / "out"), "--workers", "0", "-q"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(("argv", "fragment"), [
    (["batch", "{tmp}/missing", "--out", "{tmp}/o"], "no such folder"),
    (["batch", "{tmp}", "--out", "{tmp}/file.txt"], "not a folder"),
    (["batch", "{tmp}", "--out", "{tmp}/o", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler"),
    (["batch", "{tmp}", "--out", "/proc/nope"], "output folder"),
])
def test_cli_batch_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], fragment: str) -> None:
    from reportdiff.cli import main

    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    assert main([a.replace("{tmp}", str(tmp_path)) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("reportdiff: error: ") and fragment in err
    assert not (tmp_path / "o").exists()


def test_progress_line_is_redrawn_in_place_and_ends_with_a_newline() -> None:
    import io

    from reportdiff.batch_cli import _Progress

    buf = io.StringIO()
    progress = _Progress(buf)
    for done in range(1, 4):
        progress("pairs", done, 3, 1)
    text = buf.getvalue()
    assert text.startswith("\rbatch pairs [") and text.endswith("\n") and text.count("\n") == 1
    assert "3/3 pairs  1 failed" in text
