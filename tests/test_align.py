"""Alignment tests: identity, shuffles, mirror symmetry, coverage of every node, follow-ups, gold floor."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportdiff.align import align
from reportdiff.model import Alignment, Report
from reportdiff.parse import parse
from tests.conftest import DATA, corpus

LEVELS = ("part", "section", "block", "sentence")


def _load(name: str) -> Report:
    return parse(corpus(name).read_text(encoding="utf-8"))


def _ids(report: Report, level: str) -> list[str]:
    if level == "part":
        return [n.id for n in report.root.children]
    return [n.id for n in report.nodes(level)]  # type: ignore[arg-type]


def assert_complete(old: Report, new: Report, al: Alignment) -> None:
    """Every node of each level appears in exactly one link of that level."""
    for level in LEVELS:
        links = al.at(level)  # type: ignore[arg-type]
        seen_old = Counter(i for link in links for i in link.old)
        seen_new = Counter(i for link in links for i in link.new)
        assert sorted(seen_old) == sorted(_ids(old, level)), level
        assert sorted(seen_new) == sorted(_ids(new, level)), level
        assert max(seen_old.values(), default=1) == 1 and max(seen_new.values(), default=1) == 1, level
        for link in links:
            assert 0.0 <= link.score <= 1.0
            assert link.old or link.new


@pytest.mark.parametrize("name", ["guowuyuan-2024", "sichuan-2023", "guangan-2023", "chengdu-2024"])
def test_a_report_against_itself_is_all_same_with_score_one(name: str) -> None:
    r = _load(name)
    al = align(r, r)
    assert_complete(r, r, al)
    for link in al.links:
        assert link.kind == "same", link
        assert link.score == 1.0, link
        assert link.old == link.new


def _swap_plan_sections(text: str) -> str:
    """guowuyuan-2024 with its plan sections (二) and (七) exchanged (numbers kept in place)."""
    paras = text.split("\n\n")
    starts = [k for k, p in enumerate(paras) if re.match(r"（[一二三四五六七八九十]+）", p)]
    def span(label: str) -> tuple[int, int]:
        k = next(i for i in starts if paras[i].startswith(label))
        nxt = next((i for i in starts if i > k), len(paras))
        return k, nxt
    a0, a1 = span("（二）")
    b0, b1 = span("（七）")
    block_a, block_b = paras[a0:a1], paras[b0:b1]
    block_a[0] = "（七）" + block_a[0][3:]
    block_b[0] = "（二）" + block_b[0][3:]
    return "\n\n".join(paras[:a0] + block_b + paras[a1:b0] + block_a + paras[b1:])


def test_swapped_sections_are_moved_to_the_right_places() -> None:
    text = corpus("guowuyuan-2024").read_text(encoding="utf-8")
    old, new = parse(text), parse(_swap_plan_sections(text))
    al = align(old, new)
    assert_complete(old, new, al)
    by_title = {old.node(link.old[0]).title: (link.kind, new.node(link.new[0]).title)
                for link in al.at("section") if link.old and link.new}
    moved = [t for t, (kind, _) in by_title.items() if kind == "moved"]
    assert moved, by_title
    for title, (_kind, new_title) in by_title.items():
        assert title == new_title
    assert all(link.kind != "new" and link.kind != "dropped" for link in al.at("section"))


MIRROR = {"split": "merge", "merge": "split", "new": "dropped", "dropped": "new"}


@pytest.mark.parametrize(("a", "b"), [("guangan-2022", "guangan-2023"), ("guowuyuan-2022", "guowuyuan-2023"),
                                      ("sichuan-2022", "sichuan-2023")])
def test_alignment_mirrors(a: str, b: str) -> None:
    ra, rb = _load(a), _load(b)
    fwd, back = align(ra, rb), align(rb, ra)
    assert_complete(ra, rb, fwd)
    assert_complete(rb, ra, back)
    f = {(link.old, link.new): link.kind for link in fwd.at("section")}
    g = {(link.new, link.old): link.kind for link in back.at("section")}
    agree = sum(1 for key, kind in f.items() if key in g and MIRROR.get(kind, kind) in (g[key],) or
                (key in g and kind in ("same", "renamed", "moved") and g[key] in ("same", "renamed", "moved")))
    assert agree / len(f) >= 0.9, (agree, len(f))
    for key, kind in f.items():
        if kind in MIRROR and key in g:
            assert g[key] == MIRROR[kind], (key, kind, g[key])


def test_followups_link_last_years_plan_to_this_years_review() -> None:
    old, new = _load("guowuyuan-2023"), _load("guowuyuan-2024")
    al = align(old, new)
    assert al.followups
    review_blocks = {b.id for p in new.parts if p.role == "review" for b in p.walk() if b.kind == "block"}
    for link in al.followups:
        assert link.kind == "followed_up"
        assert all(i in review_blocks for i in link.new)
        assert old.node(link.old[0]).kind == "section"
    assert len({link.old[0] for link in al.followups}) >= 5


def test_section_f1_on_hand_labelled_gold_stays_above_floor() -> None:
    """Regression floor for the measured accuracy (benchmarks/alignment.py prints the full table)."""
    import sys

    sys.path.insert(0, str(DATA.parents[1] / "benchmarks"))
    import alignment as bench  # type: ignore[import-not-found]

    results = bench.evaluate()
    p, r, f = results["reportdiff"]
    assert f >= 0.84, results  # measured 0.861
    assert f > results["title"][2] + 0.3 and f > results["ordinal"][2] + 0.3
    held = bench.evaluate(gold_dir=DATA / "align" / "heldout")
    assert held["reportdiff"][2] >= 0.83, held  # measured 0.855
    # measured 0.769 / 0.813 / 0.833 / 0.815; first measurements 0.736 / 0.683 / 0.417 / 0.643 (blind 8–10
    # are archive reports of places outside the corpus)
    # blind 11 / 12 / 13 measured once: 0.811 / 0.924 / 0.871; blind 14 / 15 first measurements 0.827 / 0.459,
    # now 0.891 / 0.820 (nanchong 2023's slogan part headings, hangzhou's conduct paragraphs, guilin's run,
    # inline units); blind 16 / 17 (sixth session) first measurements 0.474 / 0.825, now 0.746 / 0.889;
    # blind 18 / 19 (labelled after the sixth session's rules) first 0.690 / 0.396, now 0.796 / 0.773;
    # blind 20 / 21 (labelled at its end) measured once: 0.892 / 0.806; seventh session: a ——-led run is
    # highlights where the other year has them (blind 11 0.837 → 0.906, blind 21 → 0.841); same-period pairs
    # first where both years review both periods (blind 16 → 0.779); blind 22 / 23 (seventh session) first
    # measurements 0.546 / 0.847, now 0.750 / 0.880; blind 24 / 25 first 0.805 / 0.826, now 0.840 / 0.869;
    # blind 26 / 27 measured once: 0.841 / 0.785, blind 27 now 0.856 (guiyang); blind 28 / 29 measured once (code
    # of 49b8d29): 0.710 / 0.747, blind 28 now 0.719; blind 30 / 31 measured once with the final code: 0.715 / 0.700;
    # eighth session: blind 31 → 0.748 (yangzhou's ordinal leads, xizang's chapters); blind 32 / 33 (two readers
    # each, agreement 3 / 4 the second) first measurements 0.334 / 0.691 (reader B 0.337 / 0.820), blind 32 now
    # 0.650 (urumqi's chapters, hohhot's 过去一年，我们… units), blind 33 0.720; blind 34 / 35 (two readers each,
    # agreement 5 / 6) first measurements 0.797 / 0.592, now 0.823 / 0.727 (zunyi, ganzhou, zhuhai's layouts);
    # blind 36 / 37 (agreement 7 / 8) first 0.555 / 0.560, now 0.781 / 0.704 (handan's subtitles, changde's parts);
    # blind 38 / 39 (agreement 9 / 10) measured once with the final code: 0.827 / 0.811 (B 0.813 / 0.828)
    for name, floor in (("blind7", 0.75), ("blind8", 0.79), ("blind9", 0.82), ("blind10", 0.80), ("blind11", 0.88),
                        ("blind12", 0.90), ("blind13", 0.85), ("blind14", 0.86), ("blind15", 0.79),
                        ("blind16", 0.75), ("blind17", 0.86), ("blind18", 0.77), ("blind19", 0.75),
                        ("blind20", 0.87), ("blind21", 0.81), ("blind22", 0.72), ("blind23", 0.85),
                        ("blind24", 0.82), ("blind25", 0.84), ("blind26", 0.81), ("blind27", 0.83),
                        ("blind28", 0.68), ("blind29", 0.72), ("blind30", 0.68), ("blind31", 0.72),
                        ("blind32", 0.62), ("agreement3", 0.62), ("blind33", 0.69), ("agreement4", 0.81),
                        ("blind34", 0.79), ("agreement5", 0.78), ("blind35", 0.69), ("agreement6", 0.68),
                        ("blind36", 0.75), ("agreement7", 0.76), ("blind37", 0.67), ("agreement8", 0.69),
                        ("blind38", 0.80), ("agreement9", 0.79), ("blind39", 0.78), ("agreement10", 0.80)):
        got = bench.evaluate(gold_dir=DATA / "align" / name)
        assert got["reportdiff"][2] >= floor, (name, got)


def test_gold_files_are_consistent() -> None:
    paths = sorted((DATA / "align").rglob("*.json"))
    assert len(paths) >= 20
    for path in paths:
        doc = json.loads(path.read_text(encoding="utf-8"))
        keys = [s["key"] for s in doc["sections_old"] + doc["sections_new"]]
        linked = [k for link in doc["links"] for k in link["old"] + link["new"]]
        assert sorted(keys) == sorted(linked), path.name
        for side in ("old", "new"):
            text = (DATA / "corpus" / doc[side]).read_text(encoding="utf-8")
            for sec in doc["sections_" + side]:
                assert text.find(sec["heading"]) == sec["offset"], (path.name, sec["key"])


_PIECES = ["**", "****", "*.*", "重点工作", "。", "，", "个项目", "\n", "\n\n", "一、", "（二）", "增长7%左右", "——",
           "各位代表：", "2023年工作建议", "：", "“", "”", "推进改革"]


_LINE = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=8).map("".join),
    st.tuples(st.sampled_from(["**", "", "一、", "（一）"]), st.sampled_from(["重点工作", "稳增长", "*.*"]),
              st.sampled_from(["。", "：", ""]), st.sampled_from(["**", "****", "*.*", "**个", ""]),
              st.sampled_from(["个项目开工。", "增长7%左右。", "", "**亿元。"])).map("".join),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=12).map("\n".join))
def test_sentence_boundaries_are_token_boundaries(text: str) -> None:
    """Regression (review): in **重点工作。****个 the tokenizer made `****` one mask across the end of the
    bold lead, the token was dropped from both sentences and a changed mask went unreported."""
    from reportdiff.align import features

    report = parse(text)
    feats = features(report)
    for s in report.sentences:
        toks = feats.tokens_in(s.start, s.end)
        assert toks and toks[0].start == s.start and toks[-1].end == s.end, report.span(s)
        assert all(a.end == b.start for a, b in zip(toks, toks[1:], strict=False))


def test_change_after_a_bold_lead_followed_by_a_mask_is_reported() -> None:
    """Regression (review): **重点工作。****个项目 vs **重点工作。****批项目 gave no edit at all."""
    from reportdiff.compare import compare

    body = ("各位代表：\n一、过去一年工作回顾\n**重点工作。****{u}项目开工建设，完成投资**亿元。\n"
            "**产业升级。**新增企业**家，增长5%。\n二、今年工作安排\n**稳增长。**地区生产总值增长6%左右。\n")
    old, new = parse(body.format(u="个")), parse(body.format(u="批"))
    cmp = compare(old, new, goals=False, terms=False)
    changed = [(old.text[e.old_start:e.old_end], new.text[e.new_start:e.new_end]) for e in cmp.edits]
    assert any("个" in a and "批" in b for a, b in changed), changed


def test_features_follow_the_dictionary() -> None:
    """Regression (review): after add_words, the same Report objects kept their old tokens."""
    import subprocess
    import sys

    code = ("from reportdiff.parse import parse\nfrom reportdiff.align import features\nimport reportdiff as rd\n"
            "r = parse('各位代表：\\n一、工作回顾\\n推进川渝高竹新区建设，发展经济。\\n')\n"
            "before = [t.text for t in features(r).tokens]\nrd.add_words(['川渝高竹新区'])\n"
            "after = [t.text for t in features(r).tokens]\n"
            "assert '川渝高竹新区' not in before and '川渝高竹新区' in after, (before, after)\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def _is_highlight(report: Report, section_id: str) -> bool:
    node = report.node(section_id)
    return report.text[node.start:node.start + 8].lstrip("*# ").startswith("——")


@pytest.mark.parametrize(("a", "b"), [("sichuan-2024", "sichuan-2025"), ("mianyang-2021", "mianyang-2022"),
                                      ("chengdu-2024", "chengdu-2025")])
def test_highlights_link_only_to_highlights(a: str, b: str) -> None:
    """Regression: sichuan 2024's 一是… review section was linked to 2025's ——经济运行稳中向好 summary."""
    old, new = _load(a), _load(b)
    linked = [link for link in align(old, new, with_followups=False).at("section") if link.old and link.new]
    assert linked
    for link in linked:
        kinds = {_is_highlight(old, i) for i in link.old} | {_is_highlight(new, i) for i in link.new}
        assert len(kinds) == 1, link
    if a == "sichuan-2024":
        first = next(link for link in linked if "s0" in link.old)
        assert new.node(first.new[0]).title == "巩固增强经济回升向好态势"


def test_a_weak_pair_does_not_steal_a_merge() -> None:
    """Regression (mianyang 2023→2024): the 民生 review section went to a weak 1:1 pair with 风险
    instead of merging, with the self-building review, into 2024's 民生 section."""
    old, new = _load("mianyang-2023"), _load("mianyang-2024")
    links = align(old, new, with_followups=False).at("section")
    minsheng_old = next(s.id for s in old.sections if (s.title or "").startswith("一年来，我们全心全意为民惠民"))
    link = next(link for link in links if minsheng_old in link.old)
    assert [new.node(i).title for i in link.new] == ["持续增进民生福祉，解民忧暖民心，人民群众幸福指数不断提高"]


@pytest.mark.parametrize(("name", "annual", "five_year"), [
    # five-year review first (过去五年，…), then 刚刚过去的2022年，… and its four bold leads
    ("sichuan-2023", ["超常举措稳住经济大盘", "多措并举稳市场主体", "想方设法稳就业稳物价", "化危为机补短板增优势"], 10),
    # 过去一年 (five 针对… sections), then 过去五年 highlights, the (一)…(十) series and, after a bare
    # 各位代表！, the army, Hong Kong/Macao/Taiwan and foreign-affairs units
    ("guowuyuan-2023", 5, 22),  # 22: 五年来，各级政府认真贯彻落实…全面从严治党… is a unit (dev gold n24)
    ("sichuan-2022", 10, 0),
    # 一、2020年工作回顾 then 二、“十三五”发展主要成就 (a review part naming the plan period and no year)
    ("mianyang-2021", 11, 6),
    # a first-year report: 我们从政府自身改起，…作为本届政府开门第一件大事 is no five-year unit
    ("guowuyuan-2014", 13, 0),
])
def test_review_periods(name: str, annual: list[str] | int, five_year: int) -> None:
    from reportdiff.align import _periods

    r = _load(name)
    review = {c.id for p in r.parts if p.role == "review" for c in p.children}
    periods = {i: p for i, p in _periods(r).items() if i in review}
    got_annual = [r.node(i).title for i, p in periods.items() if p == "annual"]
    if isinstance(annual, list):
        assert got_annual == annual
    else:
        assert len(got_annual) == annual
    assert sum(p == "five_year" for p in periods.values()) == five_year


@pytest.mark.parametrize(("name", "highlights", "dashed"), [
    ("sichuan-2023", 5, 5),    # ——经济实力上新台阶。… beside the (一)… five-year sections
    ("chengdu-2023", 0, 9),    # ——五年来，… are the five-year review itself (838-1,285 characters each)
    ("guangan-2022", 0, 9),    # —— five-year review and a plan made of —— items
    ("guowuyuan-2018", 6, 0),  # 五年来，经济实力跃上新台阶。… short claims before the (一)… series
    ("guowuyuan-2023", 8, 8),  # the 针对… annual sections are body, not highlights, though they come first
    # “稳”的态势巩固延续。 “进”的步伐坚实有力。 then 一年来，我们…主要做了以下工作。: a summary, though
    # “进” (821 characters) is longer than most numbered items
    ("guowuyuan-2025", 2, 0),
    # one summary unit 一年来，我国经济社会发展总体平稳，稳中有进。 then …主要做了以下工作。 and 一是…
    ("guowuyuan-2015", 1, 0),
    # hunan 2016 (archive, blind set 16): five ——经济规模持续扩大，步入稳中有进新阶段。… (18 characters, 0.7
    # times as long as the 一是… units after them): dashed summaries may be up to 0.8 times the body's length
    ("blind16/texts/hunan-2016.md", 5, 5),
    ("blind16/texts/hunan-2015.md", 0, 0),  # 一是…八是 and one closing unit: no body series beside them
    # dandong 2022 (archive, blind set 16): 过去四年，…这四年我们主要做了以下工作： announces 推进全面振兴，综合
    # 实力持续增强。 … as the term's work, its body (short beside the 2021 一是… items, but no summary)
    ("blind16/texts/dandong-2022.md", 0, 0),
])
def test_highlights_are_short_dashed_summaries_beside_a_body(name: str, highlights: int, dashed: int) -> None:
    from reportdiff.align import _dashed, _highlights

    r = _load(name) if "/" not in name else _text(DATA / "align" / name)
    assert len(_highlights(r)) == highlights
    assert sum(_dashed(r.text, s) for s in r.sections) == dashed


@pytest.mark.parametrize(("name", "role", "period"), [
    ("guowuyuan-2021", "requirements", "five_year"),  # …“十四五”时期主要目标任务: ——… five-year tasks
    ("guangan-2022", "outlook", "five_year"),         # 今后五年工作谋划
    ("guangan-2021", "plan", "annual"),               # 今后五年发展及2021年重点工作任务: the year's plan
    ("guowuyuan-2021", "plan", "annual"),             # 2021年重点工作
])
def test_forward_sections_take_their_parts_horizon(name: str, role: str, period: str) -> None:
    from reportdiff.align import _periods

    r = _load(name)
    periods = _periods(r)
    secs = [c.id for p in r.parts if p.role == role for c in p.children if c.kind == "section"]
    assert secs and {periods[i] for i in secs} == {period}


def test_periods_announced_in_the_opening_paragraph() -> None:
    """sanming 2022 (archive, blind set 9): 五年的主要工作和成效是： announces the five-year review units;
    二、新一届政府工作总体要求和主要任务 opens with 各位代表，今后五年是…: its ——建设…之城。 tasks are
    five-year."""
    from reportdiff.align import _periods
    from reportdiff.parse import parse

    r = parse((DATA / "align" / "blind9" / "texts" / "sanming-2022.md").read_text(encoding="utf-8"))
    periods = _periods(r)
    by_title = {(s.title or "")[:6]: periods.get(s.id) for s in r.sections}
    assert by_title["致力于创新发"] == "five_year" and by_title["建设魅力红色"] == "five_year"
    assert by_title["区域发展集聚"] == "annual"


def test_agreement_metric_scores_a_second_labelling(tmp_path: Path) -> None:
    """benchmarks/alignment.py agreement(): a copy of a gold file agrees fully; swapping two links'
    new sides is caught."""
    import sys

    sys.path.insert(0, str(DATA.parents[1] / "benchmarks"))
    import alignment as bench

    src = DATA / "align" / "mianyang-2021__mianyang-2022.json"
    (tmp_path / src.name).write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    assert bench.agreement(tmp_path)["pooled"] == (1.0, 1.0, 1.0)
    doc = json.loads(src.read_text(encoding="utf-8"))
    one = [link for link in doc["links"] if len(link["old"]) == 1 and len(link["new"]) == 1]
    one[0]["new"], one[1]["new"] = one[1]["new"], one[0]["new"]
    (tmp_path / src.name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    p, r, f = bench.agreement(tmp_path)["pooled"]
    assert f < 1.0 and p == r


def test_small_sections_regrouped_into_large_ones_are_merges() -> None:
    """national 2015's plan has 27 short-lead sections, 2016's seven large items: a small section
    whose words a large linked section contains (containment, not cosine) joins that merge."""
    old, new = _load("guowuyuan-2015"), _load("guowuyuan-2016")
    links = align(old, new, with_followups=False).at("section")
    target = next(s.id for s in new.sections if (s.title or "").startswith("加强供给侧结构性改革"))
    link = next(link for link in links if target in link.new)
    titles = {old.node(i).title for i in link.old}
    assert link.kind == "merge"
    assert {"推动产业结构迈向中高端", "以体制创新推动科技创新"} <= titles


def test_unlinked_sections_sharing_one_unlinked_target_are_a_merge() -> None:
    """national 2015's self-building part has four 坚持…，…。 paragraphs, each too small to pass the
    threshold alone against 2016's one （八）加强政府自身建设; together they do: one merge link."""
    old, new = _load("guowuyuan-2015"), _load("guowuyuan-2016")
    links = align(old, new, with_followups=False).at("section")
    target = next(s.id for s in new.sections if (s.title or "").startswith("加强政府自身建设"))
    link = next(link for link in links if target in link.new)
    assert link.kind == "merge"
    assert [(old.node(i).title or "")[:6] for i in link.old] == ["坚持依宪施政", "坚持创新管理", "坚持依法用权", "坚持主动作为"]
    mirror = next(x for x in align(new, old, with_followups=False).at("section") if target in x.old)
    assert mirror.kind == "split" and set(mirror.new) == set(link.old)


def test_an_untyped_part_before_the_plan_looks_back() -> None:
    """chengdu 2020 opens with a COVID part (no review/plan role) whose 我们坚持… sections review the
    epidemic fight; they pair with 2021's review section on it, not with the plan."""
    old, new = _load("chengdu-2020"), _load("chengdu-2021")
    covid = next(s.id for s in old.sections if (s.title or "").startswith("我们坚持抓早抓实抓细"))
    link = next(link for link in align(old, new, with_followups=False).at("section") if covid in link.old)
    review = {s.id for p in new.parts if p.role == "review" for s in p.children if s.kind == "section"}
    assert link.new and set(link.new) <= review


def test_a_review_section_goes_to_its_own_period_twin_first() -> None:
    """Last year's annual unit A is closer in words to this year's five-year unit F (0.6) than to its
    annual twin T (0.45): both pairs pass the threshold, and A links to T (rule 4 of the gold). With
    no annual twin, A links to F."""
    from reportdiff.align import _assign, _Unit

    def unit(uid: str, vec: dict[str, float], period: str) -> _Unit:
        norm = sum(v * v for v in vec.values()) ** 0.5
        return _Unit(uid, None, {k: v / norm for k, v in vec.items()}, 0.5, 0, "review", False, uid, "body", period)

    a = unit("A", {"x": 0.6, "y": 0.45, "z": 0.66}, "annual")
    t = unit("T", {"y": 1.0}, "annual")
    f = unit("F", {"x": 1.0}, "five_year")
    options = {"threshold": 0.16, "split_threshold": 9.0, "level": "section", "use_title": False,
               "strong_threshold": 0.3}
    links = _assign([a], [f, t], **options)  # type: ignore[arg-type]
    assert [(link.old, link.new) for link in links if link.old and link.new] == [(("A",), ("T",))]
    links = _assign([a], [f], **options)  # type: ignore[arg-type]
    assert [(link.old, link.new) for link in links if link.old and link.new] == [(("A",), ("F",))]


@pytest.mark.parametrize(("a", "b"), [("chengdu-2020", "chengdu-2021"), ("sichuan-2020", "sichuan-2021")])
def test_a_split_or_merge_stays_in_one_period(a: str, b: str) -> None:
    """2021 reviews both the year (一…) and the five years (五年来，…): a 2020 annual section that
    continues into 2021's annual twin does not also take a five-year unit as a second part."""
    from reportdiff.align import _periods

    old, new = _load(a), _load(b)
    po, pn = _periods(old), _periods(new)
    for link in align(old, new, with_followups=False).at("section"):
        if link.kind == "split":
            assert len({pn.get(i, "") for i in link.new}) == 1, link
        if link.kind == "merge":
            assert len({po.get(i, "") for i in link.old}) == 1, link


def test_highlights_pair_on_their_titles() -> None:
    """national 2023's ——改革开放持续深化。 and 2024's ——改革开放向纵深推进。 share few body words (cosine
    0.05) but say the same thing: highlights are matched on their titles too."""
    old, new = _load("guowuyuan-2023"), _load("guowuyuan-2024")
    o = next(s.id for s in old.sections if s.title == "改革开放持续深化")
    link = next(x for x in align(old, new, with_followups=False).at("section") if o in x.old)
    assert [new.node(i).title for i in link.new] == ["改革开放向纵深推进"]


def test_two_leftovers_that_are_each_others_best_are_linked() -> None:
    """Two units left unlinked on each side after all phases (their word overlap is below what a 1:1
    pair needs, but heading and position agree) are linked when each is the other's best leftover
    (mianyang 2020's 六、加大改革攻坚力度 ↔ 2021's 五、更大力度深化改革开放 kind of case)."""
    from reportdiff.align import _assign, _Unit

    def unit(uid: str, title: str, vec: dict[str, float], pos: float) -> _Unit:
        norm = sum(v * v for v in vec.values()) ** 0.5
        return _Unit(uid, title, {k: v / norm for k, v in vec.items()}, pos, 0, "plan", False, uid, "body", "annual")

    old = [unit("A", "深化改革开放", {"a": 1.0, "r": 0.05}, 0.25), unit("B", "加大改革攻坚力度", {"b": 1.0, "r": 0.06}, 0.75)]
    new = [unit("X", "深化改革开放新局面", {"a": 1.0}, 0.25), unit("Y", "加大改革攻坚", {"y": 1.0, "r": 0.05}, 0.75)]
    options = {"threshold": 0.16, "split_threshold": 0.15, "level": "section", "strong_threshold": 0.3,
               "gap_threshold": 0.1, "contain_threshold": 0.4}
    pairs = {(link.old, link.new) for link in _assign(old, new, **options)}  # type: ignore[arg-type]
    assert (("A",), ("X",)) in pairs and (("B",), ("Y",)) in pairs


def test_a_plan_item_spread_over_short_sections_is_a_split() -> None:
    """mianyang 2022's plan item （十）全面加强政府自身建设… became 2023's self-building part of four short
    sections; each adds little cosine to the union, but each lies on that item three times more than on
    any other old section: a split, not one link and three new sections."""
    old, new = _load("mianyang-2022"), _load("mianyang-2023")
    o = next(s.id for s in old.sections if (s.title or "").startswith("全面加强政府自身建设"))
    link = next(x for x in align(old, new, with_followups=False).at("section") if o in x.old)
    assert link.kind == "split"
    assert {"始终把政治建设摆在首位", "坚持政府工作在法治轨道上运行", "切实强化政府系统党风廉政建设"} <= {
        new.node(i).title for i in link.new}


def test_a_paragraph_between_runs_splits_highlights_from_the_body() -> None:
    """hubei 2019: five short claims (经济运行稳中有进。…), a one-sentence 一年来，我们… paragraph, then
    five 聚焦聚力… units of the same shape: the first five are highlights, the rest body."""
    from reportdiff.align import _highlights
    from reportdiff.parse import parse

    r = parse((DATA / "align" / "blind8" / "texts" / "hubei-2019.md").read_text(encoding="utf-8"))
    assert sorted((r.node(i).title or "") for i in _highlights(r)) == sorted(
        ["经济运行稳中有进", "三大攻坚战扎实推进", "创新驱动提速前进", "改革开放互促共进", "民生福祉不断增进"])


BLIND16 = DATA / "align" / "blind16" / "texts"
BLIND17 = DATA / "align" / "blind17" / "texts"


def _text(path: Path) -> Report:
    return parse(path.read_text(encoding="utf-8"))


def test_a_review_of_nothing_but_dashed_claims_pairs_with_highlights_and_body() -> None:
    """guizhou 2011 → 2012 (archive, blind set 17): 2011 reviews the five years with six ——综合经济实力迈上新
    台阶。… claims and nothing else, 2012 with five ——经济发展明显提速。… highlights before its (一)… body.
    The claims are summary and body at once: they pair with the highlights (economy ↔ economy)."""
    from reportdiff.align import _claims_only, _highlights

    old, new = _text(BLIND17 / "guizhou-2011.md"), _text(BLIND17 / "guizhou-2012.md")
    assert len(_claims_only(old)) == 6 and not _claims_only(new) and len(_highlights(new)) == 5
    al = align(old, new)
    economy = next(s.id for s in old.sections if s.title == "综合经济实力迈上新台阶")
    link = next(x for x in al.at("section") if economy in x.old)
    assert [new.node(i).title for i in link.new] == ["经济发展明显提速"]


def test_a_vision_year_in_a_forward_part_title_is_no_annual_horizon() -> None:
    """tianjin 2021 (archive, blind set 16): 二、2035年远景目标和“十四五”时期主要目标任务 plans five years
    (2035 is the vision's year, not the plan's); its 一是…八是 tasks pair with nothing in 2022's annual plan,
    whose twins are the 2021 plan's （一）…（五）. The review's （一）…（六） are its body, not highlights:
    the only other unit beside them is the long 五年来，我们坚定不移推进全面从严治党… paragraph."""
    from reportdiff.align import _highlights, _periods

    old, new = _text(BLIND16 / "tianjin-2021.md"), _text(BLIND16 / "tianjin-2022.md")
    outlook = next(p for p in old.parts if p.role == "outlook")
    units = [c for c in outlook.children if c.kind == "section"]
    tasks = [c.id for c in units if re.match("[一二三四五六七八]是", c.title or "")]
    periods = _periods(old)
    assert len(tasks) == 8 and {periods[c.id] for c in units} == {"five_year"}
    assert not _highlights(old)
    kinds = {x.kind for x in align(old, new).at("section") if set(x.old) & set(tasks)}
    assert kinds == {"dropped"}


def test_long_claims_before_a_short_announced_list_are_the_body() -> None:
    """yongzhou 2014 (archive, blind set 16): six 经济发展稳中有进。… units, then 一年来，我们按照市委决策部署，
    着重围绕以下四个方面开展工作： and four 一是谋大事。…: the announced list is shorter than the run before
    it, so that run is the body, not a summary (national 2025: two claims, then seven items)."""
    from reportdiff.align import _highlights

    assert not _highlights(_text(BLIND16 / "yongzhou-2014.md"))
    assert len(_highlights(_load("guowuyuan-2025"))) == 2


def test_a_forward_part_named_for_the_five_year_plan_has_a_five_year_horizon() -> None:
    """xiaogan 2021 (archive, blind set 18): 二、“十四五”目标任务 names the plan without 时期: its sections
    plan five years, and they pair with 2022's five-year tasks (（一）着力夯实副中心高质量发展硬底盘。…), not
    with nothing because of a period read wrong."""
    from reportdiff.align import _periods

    old = _text(DATA / "align" / "blind18" / "texts" / "xiaogan-2021.md")
    outlook = next(p for p in old.parts if p.role == "outlook")
    periods = _periods(old)
    assert {periods[c.id] for c in outlook.children if c.kind == "section"} == {"five_year"}


@pytest.mark.parametrize(("a", "b"), [("blind11/texts/harbin-2015.md", "blind11/texts/harbin-2016.md"),
                                      ("blind21/texts/siping-2022.md", "blind21/texts/siping-2023.md")])
def test_a_dashed_run_is_highlights_where_the_other_year_has_them(a: str, b: str) -> None:
    """harbin 2016's ——过去五年，经济运行保持在… and siping 2022's ——经济发展站稳“全省第一方阵”。… runs are
    0.8–1.0 times as long as their body units, so alone they read as body; beside the other year's
    highlights (harbin 2015's ——经济运行稳中向好, siping 2023's ——经济发展步步为营…) they are the same kind
    of unit, and a reader links summary with summary and body with body (blind sets 11 and 21)."""
    from reportdiff.align import _highlights

    old, new = _text(DATA / "align" / a), _text(DATA / "align" / b)
    assert bool(_highlights(old)) != bool(_highlights(new))  # alone, one year's run reads as body
    linked = [x for x in align(old, new, with_followups=False).at("section") if x.old and x.new]
    dashed_pairs = 0
    for link in linked:
        kinds = {_is_highlight(old, i) for i in link.old} | {_is_highlight(new, i) for i in link.new}
        assert len(kinds) == 1, link
        dashed_pairs += kinds == {True}
    assert dashed_pairs >= 3


def test_where_both_years_review_both_periods_each_period_pairs_with_its_twin() -> None:
    """dandong 2021 → 2022 (archive, blind set 16): 2021 reviews the year (一是…八是) then the five years
    (五年来，我们围绕…), 2022 the four years (推进…) then the year (一是…七是). Strong cross-period pairs
    (2021's 四是…改革开放成效显著 with 2022's 推进先行先试，改革开放多点突破) took the twins of weaker
    same-period ones; with a twin period on each side, every same-period pair goes first."""
    from reportdiff.align import _periods

    old, new = _text(BLIND16 / "dandong-2021.md"), _text(BLIND16 / "dandong-2022.md")
    po, pn = _periods(old), _periods(new)
    review = {c.id for r in (old, new) for p in r.parts if p.role == "review" for c in p.children}
    one_to_one = [x for x in align(old, new, with_followups=False).at("section")
                  if len(x.old) == 1 and len(x.new) == 1 and x.old[0] in review]
    assert len(one_to_one) >= 9
    assert all(po[x.old[0]] == pn[x.new[0]] for x in one_to_one), one_to_one
    # the reader's split: 2021's reform-and-opening item went into 2022's opening and reform items
    reform = next(s.id for s in old.sections if (s.title or "").startswith("四是突出重点"))
    link = next(x for x in align(old, new, with_followups=False).at("section") if reform in x.old)
    assert [(new.node(i).title or "")[:6] for i in link.new] == ["三是着力促合", "四是着力破难"]


def test_a_section_splits_over_the_items_of_the_other_years_chapter() -> None:
    """xizang 2019 → 2020 (archive, blind set 31): 2019 reviews 2018 in seven sections (一、坚持打好“三大
    攻坚战”…), 2020 in seven chapters of （一）… items (一、坚定不移打赢三大攻坚战 → （一）脱贫攻坚任务全面完成。
    （二）蓝天碧水更加清澈。（三）金融体系健康安全。). The items are the sections now, and the reader split
    each 2019 section over a chapter; the pollution and finance items lie only 0.24 and 0.35 inside the
    2019 section (the split threshold is 0.4), so a chapter-mate of the linked item joins at 0.2 when
    the section it continues has no chapter of its own."""
    old = _text(DATA / "align" / "blind31" / "texts" / "xizang-2019.md")
    new = _text(DATA / "align" / "blind31" / "texts" / "xizang-2020.md")
    battles = next(s for s in old.sections if s.title == "坚持打好“三大攻坚战”")
    link = next(x for x in align(old, new, with_followups=False).at("section") if battles.id in x.old)
    assert link.kind == "split"
    assert [new.node(i).title for i in link.new] == ["脱贫攻坚任务全面完成", "蓝天碧水更加清澈", "金融体系健康安全"]
