"""Tests of the multi-year series: national GDP timeline against the hand-read table, streaks, report
ordering and errors, section threads, term classes, JSON schema, renderers and the CLI."""

from __future__ import annotations

import csv
import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportdiff.errors import OptionError
from reportdiff.goals import extract_goals
from reportdiff.loading import load
from reportdiff.model import Link, Meta, Node, Report
from reportdiff.series import (
    Series,
    TimelinePoint,
    goal_timelines,
    order_reports,
    section_threads,
    series,
    series_dict,
    series_json,
    streaks,
    term_trajectories,
)

DATA = Path(__file__).parent / "data"
NATIONAL = sorted(p for p in (DATA / "corpus" / "national").glob("guowuyuan-20??.txt"))
SICHUAN = sorted((DATA / "corpus" / "province").glob("sichuan-*.txt"))


@cache
def national_reports() -> tuple[Report, ...]:
    return tuple(load(p) for p in NATIONAL)


@cache
def national_series() -> Series:
    return series(national_reports())


def gold_gdp() -> dict[int, dict[str, str]]:
    with (DATA / "goals" / "national_gdp.tsv").open(encoding="utf-8") as fh:
        return {int(row["year"]): row for row in csv.DictReader(fh, delimiter="\t")}


def validate_series(doc: dict[str, Any]) -> None:
    """Validate against reportdiff/schema/series.json with the other packaged schemas as $ref targets."""
    from reportdiff.render import json as rjson

    if "series" in rjson.SCHEMA_NAMES:
        rjson.validate(doc, "series")
        return
    import jsonschema
    from referencing import Registry, Resource

    own = json.loads((Path(__file__).parents[1] / "reportdiff" / "schema" / "series.json").read_text("utf-8"))
    schemas = [rjson.schema(n) for n in rjson.SCHEMA_NAMES] + [own]
    registry: Registry[Any] = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)
    jsonschema.Draft202012Validator.check_schema(own)
    errors = list(jsonschema.Draft202012Validator(own, registry=registry).iter_errors(doc))
    assert not errors, [(list(e.absolute_path), e.message[:200]) for e in errors[:3]]


# ---------------------------------------------------------------- national GDP against the hand-read table

def test_corpus_has_the_14_national_reports() -> None:
    assert [int(p.stem.split("-")[1]) for p in NATIONAL] == list(range(2013, 2027))


def test_national_gdp_timeline_matches_hand_read_table() -> None:
    reports = national_reports()
    timelines = goal_timelines(reports, [extract_goals(r, kinds=("target", "actual")) for r in reports])
    assert timelines[0].metric == "gdp" and timelines[0].unit_class == "rate"
    gdp = timelines[0]
    gold = gold_gdp()
    assert [p.year for p in gdp.points] == list(range(2013, 2027))
    for p in gdp.points:
        row = gold[p.year]
        if row["target_low"]:
            assert p.status == "target", p.year
            assert p.target is not None
            assert (p.target.low, p.target.high) == (float(row["target_low"]), float(row["target_high"])), p.year
            assert (p.target.qualifier or "") == row["target_qualifier"], p.year
            assert reports[p.year - 2013].text[p.target.start:p.target.end] == row["phrase_target"]
        else:
            assert p.status == "no_target" and p.target is None and p.outcome is None, p.year
        nxt = gold.get(p.year + 1)
        if nxt is None:
            assert p.actual is None and p.outcome in ("unknown", None)
            continue
        assert p.actual is not None, p.year
        assert p.actual.low == float(nxt["actual_prev_year"]), p.year
        assert p.actual.year == p.year + 1 and p.actual.refers_to_year == p.year
        if p.target is not None:
            tol = 0.5 if p.target.qualifier == "左右" else 0.0
            expected = "met" if p.actual.low >= p.target.low - tol - 1e-9 else "missed"  # type: ignore[operator]
            assert p.outcome == expected, p.year
            assert p.gap == pytest.approx(p.actual.low - p.target.low)  # type: ignore[operator]


def test_national_2020_is_no_target_with_the_sentence_that_says_so() -> None:
    s = national_series()
    p = next(p for p in s.metric("gdp").points if p.year == 2020)
    assert p.status == "no_target" and p.note is not None
    text = s.report(2020).text[p.note[0]:p.note[1]]
    assert "没有提出全年经济增速具体目标" in text
    assert p.actual is not None and p.actual.low == 2.3  # 2020's growth, stated in the 2021 report


def test_national_gdp_streaks_and_outcomes() -> None:
    gdp = national_series().metric("gdp")
    outcomes = {p.year: p.outcome for p in gdp.points}
    assert outcomes[2022] == "missed" and outcomes[2026] == "unknown"
    assert [y for y, o in outcomes.items() if o == "met"] == [*range(2013, 2020), 2021, 2023, 2024, 2025]
    assert (gdp.streaks[0].first, gdp.streaks[0].last, gdp.streaks[0].length) == (2013, 2019, 7)
    assert gdp.count("met") == 11 and gdp.count("missed") == 1 and gdp.count("no_target") == 1


# ---------------------------------------------------------------- streaks

def _points(outcomes: str, start: int = 2000) -> list[TimelinePoint]:
    code = {"m": ("target", "met"), "x": ("target", "missed"), "u": ("target", "unknown"), "-": ("no_target", None)}
    return [TimelinePoint(start + k, code[c][0], outcome=code[c][1]) for k, c in enumerate(outcomes)]  # type: ignore[arg-type]


@pytest.mark.parametrize(("outcomes", "expected"), [
    ("", []),
    ("mmm", [("met", 2000, 2002)]),
    ("mmxm", [("met", 2000, 2001), ("missed", 2002, 2002), ("met", 2003, 2003)]),
    ("m-m", [("met", 2000, 2000), ("met", 2002, 2002)]),
    ("mum", [("met", 2000, 2000), ("met", 2002, 2002)]),
    ("xxu", [("missed", 2000, 2001)]),
    ("---", []),
])
def test_streaks_table(outcomes: str, expected: list[tuple[str, int, int]]) -> None:
    got = [(s.outcome, s.first, s.last) for s in streaks(_points(outcomes))]
    assert got == expected
    assert all(s.length == s.last - s.first + 1 for s in streaks(_points(outcomes)))


@given(st.text(alphabet="mxu-", max_size=30))
def test_streaks_cover_every_met_or_missed_year_once(outcomes: str) -> None:
    pts = _points(outcomes)
    runs = streaks(pts)
    covered = [y for s in runs for y in range(s.first, s.last + 1)]
    assert sorted(covered) == [p.year for p in pts if p.outcome in ("met", "missed")]
    for a, b in zip(runs, runs[1:], strict=False):  # adjacent runs never share an outcome without a break
        assert a.last < b.first and (a.outcome != b.outcome or b.first - a.last > 1)


# ---------------------------------------------------------------- ordering and errors

def _fake(year: int | None, place: str | None = "某市", source: str | None = None,
          sections: tuple[str, ...] = ()) -> Report:
    text = "".join(f"{t}。" for t in sections) or "正文。"
    kids, pos = [], 0
    for k, t in enumerate(sections):
        kids.append(Node(f"s{k}", "section", pos, pos + len(t) + 1, title=t, title_start=pos, title_end=pos + len(t)))
        pos += len(t) + 1
    part = Node("p0", "part", 0, len(text), role="plan", children=tuple(kids))
    root = Node("r", "report", 0, len(text), children=(part,))
    return Report(text=text, root=root, meta=Meta(year=year, place=place),
                  source=source or f"{place}-{year}.txt")


@settings(max_examples=30)
@given(st.permutations([2015, 2016, 2018, 2019, 2024]))
def test_order_reports_sorts_by_year_whatever_the_input_order(years: list[int]) -> None:
    ordered = order_reports([_fake(y) for y in years])
    assert [r.meta.year for r in ordered] == [2015, 2016, 2018, 2019, 2024]


@pytest.mark.parametrize(("reports", "words"), [
    ([_fake(2020, source="a/2020.txt"), _fake(2021), _fake(2020, source="b/2020-v2.txt")],
     ["two reports for 2020", "a/2020.txt", "b/2020-v2.txt"]),
    ([_fake(2020, "甲市"), _fake(2021, "乙市")], ["different governments", "甲市", "乙市"]),
    ([_fake(None, source="undated.txt"), _fake(2021)], ["undated.txt", "year"]),
    ([_fake(2020)], ["at least two"]),
])
def test_order_reports_errors_name_the_files(reports: list[Report], words: list[str]) -> None:
    with pytest.raises(OptionError) as info:
        order_reports(reports)
    assert all(w in str(info.value) for w in words), str(info.value)


def test_gap_years_are_no_report_and_actual_needs_the_next_year() -> None:
    a, b = _fake(2015), _fake(2017)
    from reportdiff.model import Goal

    def g(kind: str, year: int, low: float, ref: int) -> Goal:
        return Goal(kind, "gdp", "地区生产总值", "增长", low, low, "%", "左右" if kind == "target" else None,  # type: ignore[arg-type]
                    None, False, year, ref, 0, 1, None)

    tl = goal_timelines([a, b], [[g("target", 2015, 7.0, 2015)], [g("target", 2017, 6.5, 2017), g("actual", 2017, 6.8, 2016)]])
    pts = {p.year: p for p in tl[0].points}
    assert [p.status for p in tl[0].points] == ["target", "no_report", "target"]
    assert pts[2015].actual is None and pts[2015].outcome == "unknown"  # 2016's report is missing
    assert pts[2016].actual is not None and pts[2016].actual.low == 6.8
    assert pts[2017].change == "lowered"


# ---------------------------------------------------------------- section threads

def test_section_threads_persist_rename_split_merge_appear_vanish() -> None:
    r1 = _fake(2020, sections=("稳增长", "促改革", "惠民生", "抓环保"))
    r2 = _fake(2021, sections=("稳增长", "深化改革", "扩开放", "惠民生和环保"))
    r3 = _fake(2022, sections=("稳增长", "深化改革", "惠民生和环保", "新科技"))
    l1 = [Link("section", ("s0",), ("s0",), "same", 1.0), Link("section", ("s1",), ("s1", "s2"), "split", 0.5),
          Link("section", ("s2", "s3"), ("s3",), "merge", 0.6)]
    l2 = [Link("section", ("s0",), ("s0",), "same", 1.0), Link("section", ("s1",), ("s1",), "same", 1.0),
          Link("section", ("s2",), (), "dropped", 0.0), Link("section", ("s3",), ("s2",), "moved", 0.7),
          Link("section", (), ("s3",), "new", 0.0)]
    threads = section_threads([r1, r2, r3], [l1, l2])
    by_first = {t.steps[0].title: t for t in threads}
    assert by_first["稳增长"].labels == ("persisted",)
    reform = by_first["促改革"]
    assert [s.title for s in reform.steps] == ["促改革", "深化改革", "深化改革"] and "renamed" in reform.labels
    opening = by_first["扩开放"]
    assert opening.origin == "split" and opening.origin_thread == reform.id and opening.ending == "vanished"
    welfare, env = by_first["惠民生"], by_first["抓环保"]
    assert welfare.ending == "last" and [s.kind for s in welfare.steps] == ["first", "merge", "moved"]
    assert env.ending == "merged" and env.ending_thread == welfare.id and len(env.steps) == 1
    tech = by_first["新科技"]
    assert tech.origin == "appeared" and tech.labels == ("appeared",)
    # every section of every report is in exactly one thread
    seen = Counter((s.year, s.section) for t in threads for s in t.steps)
    assert sorted(seen) == sorted((r.meta.year, n.id) for r in (r1, r2, r3) for n in r.sections)
    assert set(seen.values()) == {1}


# ---------------------------------------------------------------- term classes

def test_term_trajectories_classify_synthetic_counts() -> None:
    years = [2018, 2019, 2020, 2021, 2022, 2023]
    reports = [_fake(y) for y in years]
    filler = {f"词{k:03d}": 20 for k in range(100)}  # 2,000 steady words per report
    series_counts = {
        "新质生产力": [0, 0, 0, 12, 25, 30],
        "金融危机": [30, 25, 3, 0, 0, 0],
        "退税减税": [12, 0, 0, 0, 15, 14],
        "营商环境": [20, 21, 19, 20, 22, 20],
        "偶尔一词": [1, 0, 2, 0, 1, 0],
    }
    counts = []
    for k in range(len(years)):
        c = Counter(filler)
        for term, per in series_counts.items():
            c[term] = per[k]
        counts.append(+c)
    got = {t.term: t for t in term_trajectories(reports, counts, top=200)}
    assert got["新质生产力"].cls == "emerging" and got["新质生产力"].key_year == 2021
    assert got["金融危机"].cls == "fading" and got["金融危机"].score < -1.96
    assert got["退税减税"].cls == "revived" and got["退税减税"].key_year == 2022
    assert got["营商环境"].cls == "sustained"
    assert "偶尔一词" not in got  # too rare to classify
    t = got["新质生产力"]
    assert t.counts == (0, 0, 0, 12, 25, 30) and t.z[0] is None and len(t.z) == len(years)


# ---------------------------------------------------------------- the whole national series

def test_national_series_json_validates_and_is_stable() -> None:
    s = national_series()
    doc = series_dict(s)
    validate_series(doc)
    assert doc["schema"] == "reportdiff.series/1" and doc["years"] == list(range(2013, 2027))
    assert doc["place"] == "全国"
    assert series_json(s) == series_json(s) and series_json(s).endswith("\n")
    assert len(doc["changes"]) == 13
    for ch in doc["changes"]:
        shares = ch["shares"]
        assert abs(shares["unchanged"] + shares["reworded"] + shares["new"] + shares["moved"] - 1) < 0.01
        assert ch["changed"] == pytest.approx(shares["reworded"] + shares["new"], abs=1e-4)
    # offsets of goals point at the stated phrases in the right report
    for m in s.metrics:
        for p in m.points:
            for g in (p.target, p.actual):
                if g is not None:
                    assert g.metric in ("gdp", m.metric) and s.report(g.year).text[g.start:g.end]  # type: ignore[arg-type]
    # each section of each report sits in exactly one thread
    seen = Counter((st_.year, st_.section) for t in s.threads for st_ in t.steps)
    assert sorted(seen) == sorted((r.meta.year, n.id) for r in s.reports for n in r.sections)


def test_national_renderers_show_the_timeline() -> None:
    s = national_series()
    md = s.to_markdown()
    assert "| 2020 | 无目标（“没有提出全年经济增速具体目标”） | 2.3% |  |  |  |" in md
    assert "| 2022 | 5.5%左右 | 3% | 未达成 | −2.5 |" in md
    html = s.to_html()
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") >= len(s.metrics)
    assert "国内生产总值" in html and "章节脉络" in html and "词语轨迹" in html


def test_series_is_independent_of_input_order() -> None:
    reports = [load(p) for p in SICHUAN[-3:]]
    a = series_json(series(reports))
    b = series_json(series(list(reversed(reports))))
    assert a == b


# ---------------------------------------------------------------- CLI and PDF

def test_cli_writes_json_and_markdown(tmp_path: Path) -> None:
    from reportdiff.cli import main

    files = [str(p) for p in SICHUAN[-2:]][::-1]
    out = tmp_path / "s.json"
    assert main(["series", *files, "-o", str(out)]) == 0
    doc = json.loads(out.read_text("utf-8"))
    validate_series(doc)
    assert doc["years"] == [2025, 2026]
    md = tmp_path / "s.md"
    assert main(["series", *files, "-o", str(md)]) == 0
    assert md.read_text("utf-8").startswith("# 四川省政府工作报告 2025–2026")


@pytest.mark.parametrize(("extra", "message"), [
    (["tests/data/corpus/national/guowuyuan-2020-transcript.txt"], "two reports for 2020"),
    (["tests/data/corpus/province/sichuan-2021.txt"], "different governments"),
    (["tests/data/bad/empty.txt"], "empty.txt"),
])
def test_cli_errors_exit_2_and_write_nothing(tmp_path: Path, extra: list[str], message: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from reportdiff.cli import main

    out = tmp_path / "s.json"
    root = Path(__file__).parents[1]
    files = [str(NATIONAL[7]), *(str(root / e) for e in extra)]
    assert main(["series", *files, "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists() and not list(tmp_path.iterdir())


def test_pdf_of_two_reports(tmp_path: Path) -> None:
    from reportdiff.errors import FontError

    s = series([load(p) for p in SICHUAN[-2:]])
    out = tmp_path / "s.pdf"
    try:
        s.to_pdf(out)
    except FontError:
        pytest.skip("no CJK font installed")
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "目标与完成情况" in text and "章节脉络" in text
    assert reader.metadata is not None and "四川省" in str(reader.metadata.title)
    # only the document font: chart labels and list markers never pull in a whole system font
    fonts = {str(f.get_object()["/BaseFont"]) for page in reader.pages
             for f in (page["/Resources"].get_object().get("/Font") or {}).values()}
    assert fonts and all("reportdiff" in f for f in fonts), fonts
    assert out.stat().st_size < 1_500_000
