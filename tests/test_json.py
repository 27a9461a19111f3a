"""Tests for the JSON output (reportdiff.render.json) and the shipped JSON Schemas."""

from __future__ import annotations

import copy
import functools
import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportdiff.errors import OptionError
from reportdiff.model import (
    Alignment,
    Comparison,
    Edit,
    GlossaryEntry,
    Goal,
    GoalChange,
    Link,
    Meta,
    Node,
    Report,
    TermShift,
)
from reportdiff.render import json as rj

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
CORPUS = DATA / "corpus"


# --- hand-built reports -----------------------------------------------------------------------------------


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    start = text.index(needle, after)
    return start, start + len(needle)


OLD_TEXT = (
    "2022年政府工作报告\n各位代表：\n"
    "一、2021年工作回顾\n过去一年，地区生产总值增长8.2%。我们办成了一批大事。\n"
    "二、2022年工作安排\n主要预期目标是：地区生产总值增长7.5%左右。\n"
    "（一）壮大主导产业。新建园区3个。\n"
    "名词解释\n园区：产业集聚区。\n"
)
NEW_TEXT = (
    "2023年政府工作报告\n各位代表：\n"
    "一、2022年工作回顾\n过去一年，地区生产总值增长4.5%。我们办成了很多实事。\n"
    "二、2023年工作安排\n主要预期目标是：地区生产总值增长7%左右。\n"
    "（一）做强主导产业。新建园区5个。\n"
)


def _sentences(text: str, start: int, end: int, counter: dict[str, int]) -> tuple[Node, ...]:
    out = []
    pos = start
    for m in re.finditer(r"[^。\n]+。", text[start:end]):
        s, e = start + m.start(), start + m.end()
        out.append(Node(id=f"t{counter['t']}", kind="sentence", start=s, end=e))
        counter["t"] += 1
        pos = e
    assert pos <= end
    return tuple(out)


def _block(text: str, needle: str, counter: dict[str, int], after: int = 0) -> Node:
    s, e = _find(text, needle, after)
    bid = f"b{counter['b']}"
    counter["b"] += 1
    return Node(id=bid, kind="block", start=s, end=e, children=_sentences(text, s, e, counter))


def make_report(text: str, *, source: str | None, year: int, glossary: bool) -> Report:
    """A small report tree over ``text``: front, review part, plan part with one section, optional glossary."""
    c = {"b": 0, "t": 0}
    title_s, title_e = _find(text, f"{year}年政府工作报告")
    front = Node(id="f0", kind="front", role="front", start=0, end=text.index("一、"),
                 children=(_block(text, "各位代表：", c),))
    p0s, _ = _find(text, "一、")
    p0ts, p0te = _find(text, f"{year - 1}年工作回顾")
    p1s, _ = _find(text, "二、")
    p1ts, p1te = _find(text, f"{year}年工作安排")
    review_block = _block(text, text[text.index("过去一年"):text.index("\n", text.index("过去一年"))], c)
    part0 = Node(id="p0", kind="part", role="review", number="一", title=text[p0ts:p0te], start=p0s, end=p1s,
                 title_start=p0ts, title_end=p0te, children=(review_block,))
    target_block = _block(text, text[text.index("主要预期"):text.index("\n", text.index("主要预期"))], c)
    s0s, _ = _find(text, "（一）")
    s0ts, s0te = s0s + 3, text.index("。", s0s)
    sec_end = text.index("\n", s0s) + 1
    sec_block = _block(text, text[s0s:sec_end - 1], c)
    section = Node(id="s0", kind="section", number="一", title=text[s0ts:s0te], start=s0s, end=sec_end,
                   title_start=s0ts, title_end=s0te, children=(sec_block,))
    plan_end = text.index("名词解释") if glossary else len(text)
    part1 = Node(id="p1", kind="part", role="plan", number="二", title=text[p1ts:p1te], start=p1s, end=plan_end,
                 title_start=p1ts, title_end=p1te, children=(target_block, section))
    parts: list[Node] = [part1]
    entries: tuple[GlossaryEntry, ...] = ()
    if glossary:
        gs, ge = _find(text, "名词解释")
        entry_block = _block(text, "园区：产业集聚区。", c)
        parts.append(Node(id="p2", kind="part", role="glossary", title="名词解释", start=gs, end=len(text),
                          title_start=gs, title_end=ge, children=(entry_block,)))
        ts, te = _find(text, "园区：")
        entries = (GlossaryEntry(term="园区", term_start=ts, term_end=te - 1, start=ts, end=entry_block.end,
                                 uses=(text.index("园区"),)),)
    root = Node(id="r", kind="report", start=0, end=len(text), title=text[title_s:title_e],
                title_start=title_s, title_end=title_e, children=(front, part0, *parts))
    meta = Meta(title=text[title_s:title_e], year=year, place="广安市", level="city",
                date=None, meeting=None, speaker=None)
    return Report(text=text, root=root, meta=meta, source=source, glossary=entries)


OLD = make_report(OLD_TEXT, source="old.txt", year=2022, glossary=True)
NEW = make_report(NEW_TEXT, source=None, year=2023, glossary=False)


def _goal(report: Report, phrase: str, *, kind: str = "target", metric: str = "gdp", low: float | None = 7.0,
          high: float | None = 7.0, qualifier: str | None = "左右", **kw: Any) -> Goal:
    s, e = _find(report.text, phrase)
    node = next(b.id for b in report.blocks if b.start <= s and e <= b.end)
    year = report.meta.year
    assert year is not None
    fields: dict[str, Any] = dict(
        kind=kind, metric=metric, metric_text="地区生产总值", direction="增长", low=low, high=high, unit="%",
        qualifier=qualifier, strength=None, masked=False, year=year,
        refers_to_year=year if kind == "target" else year - 1, start=s, end=e, node=node,
    )
    fields.update(kw)
    return Goal(**fields)


OLD_GOALS = (
    _goal(OLD, "地区生产总值增长8.2%", kind="actual", low=8.2, high=8.2, qualifier=None, estimated=True),
    _goal(OLD, "地区生产总值增长7.5%左右", low=7.5, high=7.5),
    _goal(OLD, "新建园区3个", kind="commitment", metric="other", low=3, high=3, unit="个", qualifier=None,
          metric_text="园区", direction="新建"),
)
NEW_GOALS = (
    _goal(NEW, "地区生产总值增长4.5%", kind="actual", low=4.5, high=4.5, qualifier=None),
    _goal(NEW, "地区生产总值增长7%左右", strength="力争"),
    _goal(NEW, "新建园区5个", kind="commitment", metric="other", low=5, high=5, unit="个", qualifier=None,
          metric_text="园区", direction="新建"),
)
CHANGES = (
    GoalChange(metric="gdp", change="lowered", old=OLD_GOALS[1], new=NEW_GOALS[1], actual=NEW_GOALS[0],
               outcome="missed", gap=4.5 - 7.5, details=("strength: None → 力争",)),
    GoalChange(metric="other", change="raised", old=OLD_GOALS[2], new=NEW_GOALS[2]),
)
TERMS = (
    TermShift("实事", 0, 1, 1.2345678),
    TermShift("大事", 1, 0, -1.5),
    TermShift("做强", 0, 1, 1.2345678),
    TermShift("产业", 3, 3, 0.0),
)
LINKS = (
    Link("part", ("p0",), ("p0",), "same", 0.91234567, ("工作回顾",)),
    Link("part", ("p1",), ("p1",), "same", 0.8, ()),
    Link("part", ("p2",), (), "dropped", 1.0, ()),
    Link("section", ("s0",), ("s0",), "renamed", 0.6666666, ("主导产业",)),
    Link("block", ("b2",), ("b2",), "same", 0.5),
    Link("sentence", ("t1",), ("t1",), "same", 0.4),
)
FOLLOWUPS = (Link("section", ("s0",), ("b1",), "followed_up", 0.33333, ("园区",)),)
ALIGNMENT = Alignment(links=LINKS, followups=FOLLOWUPS)


def _edits() -> tuple[Edit, ...]:
    o = OLD_TEXT.index("8.2%")
    n = NEW_TEXT.index("4.5%")
    o2 = OLD_TEXT.index("壮大")
    n2 = NEW_TEXT.index("做强")
    return (
        Edit(link=5, op="equal", cls="equal", old_start=o - 8, old_end=o, new_start=n - 8, new_end=n),
        Edit(link=5, op="replace", cls="number", old_start=o, old_end=o + 4, new_start=n, new_end=n + 4),
        Edit(link=3, op="replace", cls="wording", old_start=o2, old_end=o2 + 2, new_start=n2, new_end=n2 + 2),
        Edit(link=4, op="delete", cls="text", old_start=o2 + 8, old_end=o2 + 9, new_start=n2 + 8,
             new_end=n2 + 8),
        Edit(link=5, op="equal", cls="moved", old_start=o2, old_end=o2 + 2, new_start=n2, new_end=n2 + 2),
    )


SUMMARY: dict[str, object] = {
    "sections": [{"kind": "renamed", "changed": 0.3333333, "score": 0.6666666, "new": ["s0"], "old": ["s0"]}],
    "substantive": 4,
    "links": {"sentence": {"same": 1}, "block": {"same": 1}, "section": {"renamed": 1},
              "part": {"dropped": 1, "same": 2}},
    "classes": {"text": 1, "number": 1, "wording": 1, "moved": 1},
    "chars": {"moved": 0, "dropped": 12, "new": 0, "reworded": 10, "unchanged": 60},
    "shares": {"moved": 0.0, "new": 0.0, "dropped": 12 / 82, "reworded": 10 / 82, "unchanged": 60 / 82},
}


def make_comparison(summary: dict[str, object] | None = None) -> Comparison:
    return Comparison(old=OLD, new=NEW, alignment=ALIGNMENT, edits=_edits(),
                      summary=SUMMARY if summary is None else summary, old_goals=OLD_GOALS,
                      new_goals=NEW_GOALS, goal_changes=CHANGES, terms=TERMS)


def test_hand_built_reports_are_consistent() -> None:
    for report in (OLD, NEW):
        for node in report.root.walk():
            assert 0 <= node.start <= node.end <= len(report.text)
            if node.title is not None:
                assert report.text[node.title_start:node.title_end] == node.title
        for goal in OLD_GOALS if report is OLD else NEW_GOALS:
            assert report.node(goal.node or "").start <= goal.start


# --- outline ----------------------------------------------------------------------------------------------


def _walk(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = [node]
    for child in node["children"]:
        out.extend(_walk(child))
    return out


def test_an_outline_with_chapter_blocks_validates() -> None:
    """urumqi 2018's 一、… chapters over （一）… sections are blocks with role ``chapter``, a number and a
    title (schema reportdiff.outline/1 lists the role)."""
    from reportdiff.parse import parse

    path = ROOT / "tests" / "data" / "align" / "blind32" / "texts" / "urumqi-2018.md"
    doc = rj.outline_dict(parse(path.read_text(encoding="utf-8")), depth="block")
    rj.validate(doc, "outline")
    chapters = [n for n in _walk(doc["root"]) if n["role"] == "chapter"]
    assert [(n["kind"], n["number"]) for n in chapters][:4] == [("block", "一"), ("block", "二"), ("block", "三"),
                                                                ("block", "四")]


def test_outline_validates_and_mirrors_the_tree() -> None:
    doc = rj.outline_dict(OLD)
    rj.validate(doc, "outline")
    assert list(doc) == ["schema", "source", "meta", "glossary", "root"]
    assert doc["schema"] == "reportdiff.outline/1"
    assert doc["source"] == "old.txt"
    assert doc["meta"] == {"title": "2022年政府工作报告", "year": 2022, "place": "广安市", "level": "city",
                           "date": None, "meeting": None, "speaker": None}
    nodes = _walk(doc["root"])
    assert [n["id"] for n in nodes] == [n.id for n in OLD.root.walk()]
    for d in nodes:
        node = OLD.node(d["id"])
        assert list(d) == ["id", "kind", "role", "number", "title", "start", "end", "title_start",
                           "title_end", "children"]
        assert (d["kind"], d["role"], d["number"], d["title"], d["start"], d["end"]) == (
            node.kind, node.role, node.number, node.title, node.start, node.end)
        if d["title"] is not None:
            assert OLD.text[d["title_start"]:d["title_end"]] == d["title"]
    entry = doc["glossary"][0]
    assert entry["term"] == "园区" and OLD.text[entry["term_start"]:entry["term_end"]] == "园区"
    assert entry["uses"] == [OLD.text.index("园区")]


@pytest.mark.parametrize(
    ("depth", "kinds"),
    [
        ("part", {"report", "front", "part"}),
        ("section", {"report", "front", "part", "section"}),
        ("block", {"report", "front", "part", "section", "block"}),
        ("sentence", {"report", "front", "part", "section", "block", "sentence"}),
    ],
)
def test_outline_depth_cuts_below(depth: str, kinds: set[str]) -> None:
    doc = rj.outline_dict(OLD, depth=depth)  # type: ignore[arg-type]
    rj.validate(doc, "outline")
    nodes = _walk(doc["root"])
    assert {n["kind"] for n in nodes} == kinds
    expected = [n.id for n in OLD.root.walk() if n.kind in kinds]
    assert [n["id"] for n in nodes] == expected


def test_outline_depth_keeps_subsections_at_section_depth() -> None:
    text = "一、甲\n（一）乙\n丙。\n"
    sub = Node(id="u0", kind="subsection", number="一", title="乙", start=4, end=11, title_start=7,
               title_end=8, children=(Node(id="b0", kind="block", start=9, end=11),))
    sec = Node(id="s0", kind="section", number="一", title="甲", start=0, end=11, title_start=2,
               title_end=3, children=(sub,))
    report = Report(text=text, root=Node(id="r", kind="report", start=0, end=len(text), children=(sec,)))
    doc = rj.outline_dict(report, depth="section")
    rj.validate(doc, "outline")
    assert [n["id"] for n in _walk(doc["root"])] == ["r", "s0", "u0"]


def test_outline_unknown_depth_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="'chapter'.*part, section, block, sentence"):
        rj.outline_dict(OLD, depth="chapter")  # type: ignore[arg-type]


def test_outline_json_format() -> None:
    text = rj.outline_json(OLD)
    assert text == rj.outline_json(OLD)  # byte-identical across calls
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert "2022年政府工作报告" in text  # ensure_ascii=False
    assert text.startswith('{\n "schema": "reportdiff.outline/1",\n "source": "old.txt",\n')
    assert json.loads(text) == rj.outline_dict(OLD)


# --- dumps ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "written"),
    [
        (0.123456, "0.1235"),
        (0.66666666, "0.6667"),
        (-0.00001, "0.0"),
        (-0.0, "0.0"),
        (7.0, "7.0"),
        (1e-5, "0.0"),
        (12345.678912, "12345.6789"),
        (3, "3"),
        (True, "true"),
        (None, "null"),
    ],
)
def test_dumps_numbers(value: object, written: str) -> None:
    assert rj.dumps({"x": value}) == '{\n "x": ' + written + "\n}\n"


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_dumps_refuses_non_finite_numbers(bad: float) -> None:
    with pytest.raises(ValueError, match="non-finite"):
        rj.dumps({"z": [bad]})


def test_dumps_refuses_non_string_keys_and_objects() -> None:
    with pytest.raises(TypeError, match="keys must be strings"):
        rj.dumps({1: 2})
    with pytest.raises(TypeError, match="set"):
        rj.dumps({"a": {1, 2}})


@given(st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
))
@settings(max_examples=200, deadline=None)
def test_dumps_round_trips_with_rounded_floats(value: object) -> None:
    text = rj.dumps(value)
    assert text == rj.dumps(value)
    assert text.endswith("\n")

    def expect(v: object) -> object:
        if isinstance(v, float):
            r = round(v, 4)
            return 0.0 if r == 0 else r
        if isinstance(v, list):
            return [expect(x) for x in v]
        if isinstance(v, dict):
            return {k: expect(x) for k, x in v.items()}
        return v

    assert json.loads(text) == expect(value)
    assert not re.search(r"-0\.0(?![0-9])", re.sub(r'"(?:[^"\\]|\\.)*"', "", text))


# --- alignment --------------------------------------------------------------------------------------------


def test_alignment_validates_with_all_levels() -> None:
    text = rj.alignment_json(OLD, NEW, ALIGNMENT)
    doc = json.loads(text)
    rj.validate(doc, "alignment")
    assert list(doc) == ["schema", "old", "new", "links", "followups"]
    assert doc["old"] == rj.outline_dict(OLD) and doc["new"] == rj.outline_dict(NEW)
    assert len(doc["links"]) == len(LINKS)
    assert doc["links"][0] == {"level": "part", "old": ["p0"], "new": ["p0"], "kind": "same",
                               "score": 0.9123, "evidence": ["工作回顾"]}
    assert doc["followups"] == [{"level": "section", "old": ["s0"], "new": ["b1"], "kind": "followed_up",
                                 "score": 0.3333, "evidence": ["园区"]}]
    assert text == rj.alignment_json(OLD, NEW, ALIGNMENT)


@pytest.mark.parametrize("level", ["part", "section", "block", "sentence"])
def test_alignment_level_filter_keeps_ids_resolvable(level: str) -> None:
    doc = rj.alignment_dict(OLD, NEW, ALIGNMENT, level=level)  # type: ignore[arg-type]
    rj.validate(doc, "alignment")
    assert doc["links"] == [rj.link_dict(k) for k in LINKS if k.level == level]
    assert all(f["level"] == level for f in doc["followups"])
    old_ids = {n["id"] for n in _walk(doc["old"]["root"])}
    new_ids = {n["id"] for n in _walk(doc["new"]["root"])}
    for link in doc["links"]:
        assert set(link["old"]) <= old_ids and set(link["new"]) <= new_ids


def test_alignment_unknown_level_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="'chapter'"):
        rj.alignment_json(OLD, NEW, ALIGNMENT, level="chapter")  # type: ignore[arg-type]


# --- goals ------------------------------------------------------------------------------------------------

GOAL_KEYS = ["kind", "metric", "metric_text", "direction", "low", "high", "unit", "qualifier", "strength",
             "masked", "year", "refers_to_year", "start", "end", "node", "estimated"]


def test_goal_dict_has_every_model_field_in_order() -> None:
    assert list(Goal.__dataclass_fields__) == GOAL_KEYS
    d = rj.goal_dict(OLD_GOALS[0])
    assert list(d) == GOAL_KEYS
    assert d["estimated"] is True and d["low"] == 8.2 and d["node"] == "b1"
    assert list(rj.goal_dict(OLD_GOALS[0], report="old")) == ["report", *GOAL_KEYS]


def test_goals_one_report() -> None:
    text = rj.goals_json(NEW_GOALS, source="2023.txt")
    doc = json.loads(text)
    rj.validate(doc, "goals")
    assert list(doc) == ["schema", "source", "goals", "changes", "terms"]
    assert doc["source"] == "2023.txt"
    assert [g["metric"] for g in doc["goals"]] == ["gdp", "gdp", "other"]
    assert all("report" not in g for g in doc["goals"])
    assert doc["changes"] == [] and doc["terms"] == {"rising": [], "falling": []}
    for g in doc["goals"]:
        assert NEW.text[g["start"]:g["end"]].startswith(("地区生产总值", "新建园区"))


def test_goals_two_reports() -> None:
    text = rj.goals_json(NEW_GOALS, old_goals=OLD_GOALS, changes=CHANGES, terms=TERMS, source="new.txt",
                         old_source="old.txt")
    assert text == rj.goals_json(NEW_GOALS, old_goals=OLD_GOALS, changes=CHANGES, terms=TERMS,
                                 source="new.txt", old_source="old.txt")
    doc = json.loads(text)
    rj.validate(doc, "goals")
    assert doc["source"] == {"old": "old.txt", "new": "new.txt"}
    assert [g["report"] for g in doc["goals"]] == ["old"] * 3 + ["new"] * 3
    for g in doc["goals"]:
        report = OLD if g["report"] == "old" else NEW
        assert report.node(g["node"]).start <= g["start"] < g["end"] <= report.node(g["node"]).end
    gdp = doc["changes"][0]
    assert list(gdp) == ["metric", "change", "old", "new", "actual", "outcome", "gap", "details"]
    assert (gdp["change"], gdp["outcome"], gdp["gap"]) == ("lowered", "missed", -3.0)
    assert gdp["old"]["low"] == 7.5 and gdp["new"]["strength"] == "力争" and gdp["actual"]["low"] == 4.5
    assert doc["changes"][1]["actual"] is None and doc["changes"][1]["outcome"] is None
    assert doc["terms"] == {
        "rising": [{"term": "做强", "old_count": 0, "new_count": 1, "z": 1.2346},
                   {"term": "实事", "old_count": 0, "new_count": 1, "z": 1.2346}],
        "falling": [{"term": "大事", "old_count": 1, "new_count": 0, "z": -1.5}],
    }


def test_goals_terms_order_does_not_depend_on_input_order() -> None:
    assert rj.terms_dict(TERMS) == rj.terms_dict(tuple(reversed(TERMS)))


def test_goals_old_source_without_old_goals_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="old_goals"):
        rj.goals_json(NEW_GOALS, old_source="old.txt")


def test_masked_goal_validates_with_null_numbers() -> None:
    goal = _goal(NEW, "地区生产总值增长7%左右", low=None, high=None, masked=True)
    doc = json.loads(rj.goals_json([goal]))
    rj.validate(doc, "goals")
    assert (doc["goals"][0]["low"], doc["goals"][0]["high"], doc["goals"][0]["masked"]) == (None, None, True)


# --- comparison -------------------------------------------------------------------------------------------


def test_comparison_validates_and_drops_equal_edits() -> None:
    cmp = make_comparison()
    text = rj.comparison_json(cmp)
    assert text == cmp.to_json() == rj.comparison_json(make_comparison())
    doc = json.loads(text)
    rj.validate(doc, "comparison")
    assert list(doc) == ["schema", "old", "new", "links", "followups", "edits", "summary", "goals", "terms"]
    assert [e["op"] for e in doc["edits"]] == ["replace", "replace", "delete", "equal"]
    assert doc["edits"][-1]["class"] == "moved"  # a sentence moved unchanged is kept
    assert list(doc["edits"][0]) == ["link", "op", "class", "old_start", "old_end", "new_start", "new_end"]
    number = doc["edits"][0]
    assert number["class"] == "number" and doc["links"][number["link"]]["level"] == "sentence"
    assert OLD.text[number["old_start"]:number["old_end"]] == "8.2%"
    assert NEW.text[number["new_start"]:number["new_end"]] == "4.5%"
    assert list(doc["summary"]) == ["shares", "chars", "classes", "links", "substantive", "sections"]
    assert list(doc["summary"]["links"]) == ["part", "section", "block", "sentence"]
    assert list(doc["summary"]["links"]["part"]) == ["same", "dropped"]
    assert list(doc["summary"]["shares"]) == ["unchanged", "reworded", "new", "dropped", "moved"]
    assert list(doc["summary"]["classes"]) == ["number", "wording", "text", "moved"]
    assert doc["summary"]["sections"] == [{"old": ["s0"], "new": ["s0"], "kind": "renamed", "score": 0.6667,
                                           "changed": 0.3333}]
    assert doc["summary"]["shares"]["unchanged"] == round(60 / 82, 4)
    assert doc["goals"]["old"] == [rj.goal_dict(g) for g in OLD_GOALS]
    assert doc["terms"] == json.loads(rj.dumps(rj.terms_dict(TERMS)))


def test_comparison_bytes_do_not_depend_on_summary_key_order() -> None:
    reordered = {k: SUMMARY[k] for k in reversed(list(SUMMARY))}
    reordered["shares"] = dict(reversed(list(SUMMARY["shares"].items())))  # type: ignore[attr-defined]
    assert rj.comparison_json(make_comparison(reordered)) == rj.comparison_json(make_comparison())


def test_comparison_summary_extra_key_is_flagged_by_schema() -> None:
    doc = rj.comparison_dict(make_comparison({**SUMMARY, "tone": 1}))
    assert list(doc["summary"])[-1] == "tone"
    with pytest.raises(rj.SchemaValidationError, match="/summary"):
        rj.validate(doc, "comparison")


# --- schemas ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", rj.SCHEMA_NAMES)
def test_schema_is_valid_2020_12_and_versioned(name: str) -> None:
    import jsonschema

    s = rj.schema(name)
    jsonschema.Draft202012Validator.check_schema(s)
    assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert s["$id"] == f"https://reportdiff.invalid/schema/{name}/1"
    assert s["properties"]["schema"] == {"const": f"reportdiff.{name}/1"}
    assert s["additionalProperties"] is False
    s["title"] = "changed"
    assert rj.schema(name)["title"] != "changed"  # a fresh copy each call


@pytest.mark.parametrize("name", rj.SCHEMA_NAMES)
def test_docs_schema_copies_are_identical(name: str) -> None:
    packaged = (ROOT / "reportdiff" / "schema" / f"{name}.json").read_bytes()
    assert (ROOT / "docs" / "schema" / f"{name}.json").read_bytes() == packaged


def test_unknown_schema_name_is_an_option_error() -> None:
    with pytest.raises(OptionError, match="'report'.*outline, alignment, goals, comparison"):
        rj.schema("report")
    with pytest.raises(OptionError):
        rj.validate({}, "report")


def _set(path: tuple[object, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _drop(path: tuple[object, ...]) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        target: Any = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


_OUT = ("root", "children")  # outline: the root's children
_CMP_OLD = ("old", "root", "children")
NEGATIVE = [
    ("outline", ("schema",), "reportdiff.outline/2"),
    ("outline", ("meta", "level"), "village"),
    ("outline", ("meta", "year"), "2022"),
    ("outline", (*_OUT, 1, "kind"), "chapter"),
    ("outline", (*_OUT, 1, "role"), "preface"),
    ("outline", (*_OUT, 1, "id"), "s7"),  # a part must have a p-id
    ("outline", (*_OUT, 1, "id"), "x1"),
    ("outline", (*_OUT, 1, "start"), -1),
    ("outline", (*_OUT, 1, "title_start"), None),  # a title needs its offsets
    ("outline", (*_OUT, 1, "extra"), 1),
    ("outline", (*_OUT, 1, "children"), None),
    ("outline", ("glossary", 0, "uses"), [1.5]),
    ("outline", ("root", "number"), 1),
    ("alignment", ("links", 0, "level"), "paragraph"),
    ("alignment", ("links", 0, "kind"), "followed_up"),
    ("alignment", ("links", 0, "kind"), "merged"),
    ("alignment", ("links", 0, "score"), 1.5),
    ("alignment", ("links", 0, "old"), "p0"),
    ("alignment", ("followups", 0, "kind"), "same"),
    ("alignment", ("old", "schema"), "reportdiff.alignment/1"),
    ("goals", ("goals", 0, "kind"), "promise"),
    ("goals", ("goals", 0, "report"), "older"),
    ("goals", ("goals", 0, "strength"), "必须"),
    ("goals", ("goals", 0, "metric"), "GDP"),
    ("goals", ("goals", 0, "low"), "7"),
    ("goals", ("goals", 0, "masked"), 0),
    ("goals", ("changes", 0, "change"), "increased"),
    ("goals", ("changes", 0, "outcome"), "exceeded"),
    ("goals", ("terms", "rising", 0, "z"), -1.0),
    ("goals", ("terms", "falling", 0, "z"), 0.5),
    ("goals", ("source",), 3),
    ("comparison", ("edits", 0, "op"), "equal"),
    ("comparison", ("edits", 0, "class"), "other"),
    ("comparison", ("edits", 0, "link"), -1),
    ("comparison", ("summary", "shares", "new"), 1.2),
    ("comparison", ("summary", "chars", "new"), 1.5),
    ("comparison", ("summary", "classes", "typo"), 1),
    ("comparison", ("summary", "links", "part", "merged"), 1),
    ("comparison", ("summary", "links", "paragraph"), {}),
    ("comparison", ("summary", "substantive"), -1),
    ("comparison", ("summary", "sections", 0, "new"), "s0"),
    ("comparison", ("summary", "sections", 0, "score"), 2),
    ("comparison", ("edits", 3, "class"), "text"),  # op equal only with class moved
    ("comparison", ("summary", "sections", 0, "kind"), "followed_up"),
    ("comparison", ("goals", "old", 0, "report"), "old"),
    ("comparison", (*_CMP_OLD, 1, "kind"), "chapter"),
    ("comparison", ("links", 0, "level"), "paragraph"),
]
MISSING = [
    ("outline", ("glossary",)),
    ("outline", (*_OUT, 0, "role")),
    ("alignment", ("followups",)),
    ("goals", ("goals", 0, "estimated")),
    ("comparison", ("summary", "shares")),
    ("comparison", ("edits", 0, "new_end")),
    ("comparison", ("goals", "changes")),
]


def _valid_doc(name: str) -> dict[str, Any]:
    docs = {
        "outline": lambda: rj.outline_dict(OLD),
        "alignment": lambda: rj.alignment_dict(OLD, NEW, ALIGNMENT),
        "goals": lambda: rj.goals_dict(NEW_GOALS, old_goals=OLD_GOALS, changes=CHANGES, terms=TERMS),
        "comparison": lambda: rj.comparison_dict(make_comparison()),
    }
    return json.loads(rj.dumps(docs[name]()))  # type: ignore[no-any-return]


@pytest.mark.parametrize(("name", "path", "value"), NEGATIVE)
def test_schema_rejects_wrong_values(name: str, path: tuple[object, ...], value: object) -> None:
    doc = _valid_doc(name)
    rj.validate(doc, name)
    bad = copy.deepcopy(doc)
    _set(path, value)(bad)
    with pytest.raises(rj.SchemaValidationError, match=re.escape(f"reportdiff.{name}/1")):
        rj.validate(bad, name)


@pytest.mark.parametrize(("name", "path"), MISSING)
def test_schema_rejects_missing_keys(name: str, path: tuple[object, ...]) -> None:
    bad = _valid_doc(name)
    _drop(path)(bad)
    with pytest.raises(rj.SchemaValidationError):
        rj.validate(bad, name)


def test_validation_error_is_one_short_line() -> None:
    bad = _valid_doc("outline")
    bad["root"]["children"][1]["kind"] = "chapter"
    with pytest.raises(rj.SchemaValidationError) as info:
        rj.validate(bad, "outline")
    message = str(info.value)
    assert "\n" not in message and len(message) < 320
    assert message.startswith("JSON does not match schema reportdiff.outline/1 at /root/children/1")


def test_import_is_light() -> None:
    code = ("import sys, reportdiff.render.json as j; j.outline_json; "
            "bad = [m for m in ('jsonschema', 'jieba', 'lxml', 'weasyprint', 'diff_match_patch') if m in sys.modules]; "
            "print(bad)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- random trees (hypothesis) ----------------------------------------------------------------------------

_CHILD_KINDS = {"report": ["front", "part"], "front": ["block"], "part": ["section", "block"],
                "section": ["subsection", "block"], "subsection": ["block"], "block": ["sentence"],
                "sentence": []}
_PREFIX = {"front": "f", "part": "p", "section": "s", "subsection": "u", "block": "b", "sentence": "t"}
_ROLES = ["review", "outlook", "requirements", "plan", "self_building", "closing", "glossary", "appendix",
          "other"]


@st.composite
def reports(draw: st.DrawFn) -> Report:
    counters = dict.fromkeys(_PREFIX.values(), 0)
    text_parts: list[str] = []
    pos = 0

    def build(kind: str, depth: int) -> Node:
        nonlocal pos
        start = pos
        title = None
        title_start = title_end = None
        if kind in ("part", "section", "subsection") and draw(st.booleans()):
            title = draw(st.text(alphabet="回顾工作安排产业发展一二三", min_size=1, max_size=6))
            title_start = pos
            text_parts.append(title)
            pos += len(title)
            title_end = pos
        kinds = _CHILD_KINDS[kind]
        n = draw(st.integers(0, 3 if depth < 4 else 0)) if kinds else 0
        children = []
        for _ in range(n):
            child_kind = draw(st.sampled_from(kinds))
            children.append(build(child_kind, depth + 1))
        if not children:
            filler = draw(st.text(alphabet="我们推进了。", max_size=5))
            text_parts.append(filler)
            pos += len(filler)
        if kind == "report":
            node_id = "r"
        else:
            prefix = _PREFIX[kind]
            node_id = f"{prefix}{counters[prefix]}"
            counters[prefix] += 1
        role = "front" if kind == "front" else draw(st.sampled_from(_ROLES)) if kind == "part" else None
        number = draw(st.sampled_from([None, "一", "二"])) if kind in ("part", "section") else None
        return Node(id=node_id, kind=kind, start=start, end=pos, role=role,  # type: ignore[arg-type]
                    number=number, title=title, title_start=title_start, title_end=title_end,
                    children=tuple(children))

    root = build("report", 0)
    year = draw(st.none() | st.integers(1980, 2100))
    return Report(text="".join(text_parts), root=root, meta=Meta(year=year),
                  source=draw(st.none() | st.text(max_size=8)))


@given(reports(), st.sampled_from(rj.DEPTHS))
@settings(max_examples=60, deadline=None)
def test_random_outlines_validate_and_keep_the_right_nodes(report: Report, depth: str) -> None:
    text = rj.outline_json(report, depth=depth)  # type: ignore[arg-type]
    assert text == rj.outline_json(report, depth=depth)  # type: ignore[arg-type]
    doc = json.loads(text)
    rj.validate(doc, "outline")
    rank = {"part": {"report", "front", "part"}, "section": {"report", "front", "part", "section", "subsection"},
            "block": {"report", "front", "part", "section", "subsection", "block"}}
    keep = rank.get(depth)
    expected = [n.id for n in report.root.walk()] if keep is None else None
    if keep is not None:
        # a node is kept when it and all its ancestors are of a kept kind
        expected = []

        def visit(node: Node) -> None:
            if node.kind in keep:
                expected.append(node.id)
                for c in node.children:
                    visit(c)

        visit(report.root)
    assert [n["id"] for n in _walk(doc["root"])] == expected
    for n in _walk(doc["root"]):
        if n["title"] is not None:
            assert report.text[n["title_start"]:n["title_end"]] == n["title"]


# --- real reports -----------------------------------------------------------------------------------------

CORPUS_FILES = sorted(CORPUS.glob("*/*.txt"))


def test_corpus_is_present() -> None:
    assert len(CORPUS_FILES) >= 40


@pytest.mark.parametrize("path", [*CORPUS_FILES, DATA / "seed.txt"], ids=lambda p: p.stem)
def test_corpus_outline_validates(path: Path) -> None:
    from reportdiff.parse import parse

    text = path.read_text(encoding="utf-8")
    report = parse(text, source=str(path.relative_to(DATA)))
    out = rj.outline_json(report)
    doc = json.loads(out)
    rj.validate(doc, "outline")
    for n in _walk(doc["root"]):
        assert text[n["start"]:n["end"]] == report.text[n["start"]:n["end"]]
        if n["title"] is not None:
            assert text[n["title_start"]:n["title_end"]] == n["title"]
    assert rj.outline_json(report) == out


def test_guangan_comparison_validates() -> None:
    compare_mod = pytest.importorskip("reportdiff.compare")
    from reportdiff.parse import parse

    old = parse((CORPUS / "city" / "guangan-2022.txt").read_text(encoding="utf-8"))
    new = parse((CORPUS / "city" / "guangan-2023.txt").read_text(encoding="utf-8"))
    cmp = compare_mod.compare(old, new)
    text = rj.comparison_json(cmp)
    doc = json.loads(text)
    rj.validate(doc, "comparison")
    assert text == rj.comparison_json(cmp)
    old_ids = {n["id"] for n in _walk(doc["old"]["root"])}
    new_ids = {n["id"] for n in _walk(doc["new"]["root"])}
    for link in doc["links"] + doc["followups"]:
        assert set(link["old"]) <= old_ids and set(link["new"]) <= new_ids
    assert doc["edits"] and all(0 <= e["link"] < len(doc["links"]) for e in doc["edits"])
    for e in doc["edits"]:
        assert e["old_end"] <= len(old.text) and e["new_end"] <= len(new.text)
    assert any(e["class"] == "number" for e in doc["edits"])


def test_validate_without_jsonschema_gives_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from reportdiff.errors import ReportDiffError

    rj._validator.cache_clear()
    monkeypatch.setitem(sys.modules, "jsonschema", None)
    try:
        with pytest.raises(ReportDiffError, match="needs the jsonschema package: pip install"):
            rj.validate(rj.outline_dict(OLD), "outline")
    finally:
        rj._validator.cache_clear()


# --- docs/json.md cannot rot ------------------------------------------------------------------------------

DOCS = ROOT / "docs" / "json.md"
_EXCERPT = re.compile(r"<!-- excerpt: (\w+) ([^ ]+(?: [^ =]+)*?)((?: \w+=\S+)*) -->\n```json\n(.*?)```", re.S)


def _objects(value: object) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(value, dict):
        out.append(value)
        for v in value.values():
            out.extend(_objects(v))
    elif isinstance(value, list):
        for v in value:
            out.extend(_objects(v))
    return out


@functools.cache
def _real_doc_cached(kind: str, files: tuple[str, ...], options: tuple[tuple[str, str], ...]) -> str:
    return rj.dumps(_real_doc(kind, list(files), dict(options)))


def _real_doc(kind: str, files: list[str], options: dict[str, str]) -> dict[str, Any]:
    from reportdiff.parse import parse

    reports = [parse((ROOT / f).read_text(encoding="utf-8"), source=f) for f in files]
    if kind == "outline":
        doc = rj.outline_dict(reports[0], depth=options.get("depth", "sentence"))  # type: ignore[arg-type]
    elif kind == "goals":
        from reportdiff.goals import compare_goals, extract_goals  # type: ignore[import-not-found,unused-ignore]

        if len(reports) == 1:
            doc = rj.goals_dict(extract_goals(reports[0]), source=files[0])
        else:
            old_g, new_g = extract_goals(reports[0]), extract_goals(reports[1])
            doc = rj.goals_dict(new_g, old_goals=old_g, source=files[1], old_source=files[0],
                                changes=compare_goals(old_g, new_g, old_year=reports[0].meta.year,
                                                      new_year=reports[1].meta.year))
    elif kind == "alignment":
        from reportdiff.align import align  # type: ignore[import-not-found,unused-ignore]

        doc = rj.alignment_dict(reports[0], reports[1], align(reports[0], reports[1]),
                                level=options.get("level"))  # type: ignore[arg-type]
    elif kind == "comparison":
        from reportdiff.compare import compare  # type: ignore[import-not-found,unused-ignore]

        doc = rj.comparison_dict(compare(reports[0], reports[1]))
    else:
        raise AssertionError(f"unknown excerpt kind {kind}")
    return json.loads(rj.dumps(doc))  # type: ignore[no-any-return]


def test_docs_has_excerpts_of_real_output() -> None:
    text = DOCS.read_text(encoding="utf-8")
    excerpts = _EXCERPT.findall(text)
    # the series document is described in docs/series.md
    assert {e[0] for e in excerpts} == set(rj.SCHEMA_NAMES) - {"series"}
    # every JSON block of the reference is a checked excerpt
    assert text.count("```json") == len(excerpts)


@pytest.mark.parametrize("index", range(len(_EXCERPT.findall(DOCS.read_text(encoding="utf-8")))))
def test_docs_excerpt_matches_real_output(index: int) -> None:
    kind, files, opts, body = _EXCERPT.findall(DOCS.read_text(encoding="utf-8"))[index]
    options = dict(o.split("=", 1) for o in opts.split())
    excerpt = json.loads(body)
    assert rj.dumps(excerpt) == body  # written in the output's own format
    loose = frozenset(options.pop("loose", "").split(","))
    real = json.loads(_real_doc_cached(kind, tuple(files.split()), tuple(sorted(options.items()))))
    rj.validate(real, kind)
    if _closest(excerpt, real, loose=loose) != excerpt:
        now = rj.dumps(_closest(excerpt, real))
        pytest.fail(f"docs/json.md excerpt {index} ({kind} {files}) no longer matches the output; closest now:\n"
                    f"{now}\nrefresh with: .venv/bin/python -m tests.test_json --refresh-docs (and review the diff)")


def _shape(value: object) -> object:
    """The JSON shape of a value: its keys (in order) and the types of its leaves."""
    if isinstance(value, dict):
        return [(k, _shape(v)) for k, v in value.items()]
    if isinstance(value, list):
        return ["list", sorted({repr(_shape(v)) for v in value})]
    return "number" if isinstance(value, int | float) and not isinstance(value, bool) else type(value).__name__


def _agrees(excerpt: dict[str, Any], obj: dict[str, Any], loose: frozenset[str]) -> bool:
    """obj has the excerpt's keys in the same order with equal values; ``loose`` keys need only the same shape
    (the docs show scores and shares of the moment; the keys, ids, kinds and offsets must stay true)."""
    if list({k: obj[k] for k in excerpt}) != list(excerpt):
        return False
    return all(
        _shape(obj[k]) == _shape(v) or (isinstance(v, list) and not v) if k in loose
        else rj.dumps(obj[k]) == rj.dumps(v)
        for k, v in excerpt.items()
    )


def _closest(excerpt: dict[str, Any], real: dict[str, Any], *, loose: frozenset[str] = frozenset()) -> dict[str, Any]:
    """The excerpt itself when some object of ``real`` agrees with it, else the object of the same shape that
    agrees on most keys (first in document order), cut to the excerpt's keys."""
    objects = [o for o in _objects(real) if set(excerpt) <= set(o)]
    if any(_agrees(excerpt, o, loose) for o in objects):
        return excerpt
    best = max(objects, key=lambda o: sum(o[k] == v for k, v in excerpt.items()), default={})
    return {k: best.get(k) for k in excerpt}


def refresh_docs() -> int:
    """Rewrite the excerpts of docs/json.md from the current output; returns how many changed."""
    text = DOCS.read_text(encoding="utf-8")
    changed = 0

    def replace(m: re.Match[str]) -> str:
        nonlocal changed
        kind, files, opts, body = m.groups()
        options = tuple(sorted(tuple(o.split("=", 1)) for o in opts.split() if not o.startswith("loose=")))
        real = json.loads(_real_doc_cached(kind, tuple(files.split()), options))
        fresh = rj.dumps(_closest(json.loads(body), real))
        changed += fresh != body
        return m.group(0).replace(body, fresh)

    DOCS.write_text(_EXCERPT.sub(replace, text), encoding="utf-8")
    return changed


def test_docs_validation_snippet_runs(tmp_path: Path) -> None:
    text = DOCS.read_text(encoding="utf-8")
    snippet = next(b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "Registry" in b)
    out = tmp_path / "out.json"
    out.write_text(rj.comparison_json(make_comparison()), encoding="utf-8")
    code = snippet.replace('"docs/schema"', repr(str(ROOT / "docs" / "schema")))
    code = code.replace('"out.json"', repr(str(out)))
    assert code != snippet
    exec(compile(code, "docs/json.md", "exec"), {})
    bad = json.loads(out.read_text(encoding="utf-8"))
    bad["edits"][0]["class"] = "other"
    out.write_text(json.dumps(bad), encoding="utf-8")
    import jsonschema

    with pytest.raises(jsonschema.ValidationError):
        exec(compile(code, "docs/json.md", "exec"), {})


if __name__ == "__main__":
    if sys.argv[1:] != ["--refresh-docs"]:
        sys.exit("usage: python -m tests.test_json --refresh-docs")
    print(f"refreshed {refresh_docs()} excerpt(s) of {DOCS}")
