"""HTML, Markdown, SVG and font-selection tests (no PDF rendering here: see test_pdf.py)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportdiff.errors import FontError, OptionError
from reportdiff.model import (
    Alignment,
    Comparison,
    Edit,
    Goal,
    GoalChange,
    Link,
    Meta,
    Node,
    Report,
    TermShift,
)
from reportdiff.render import fonts
from reportdiff.render.html import (
    _row_shape,
    _serialize,
    build_document,
    chart_table,
    comparison_summary_html,
    render_html,
    report_outline_html,
    to_etree,
)
from reportdiff.render.layout import Row, format_goal, pairs, rows
from reportdiff.render.markdown import md_escape, render_markdown
from reportdiff.render.svg import ChartRow, sections_chart, stacked_bar

from .conftest import ALL_REPORTS, SEED

HOSTILE = '<script>alert(1)</script><img src="file:///etc/passwd">'


def _report(text: str, layout: list[tuple[str, str, list[str]]], *, year: int, prefix: str = "") -> Report:
    """A Report from text: layout = [(part title, part role, [section title + block text…])].

    Each section string is 'TITLE|BLOCK1|BLOCK2'; every piece must occur in text in order."""
    pos = 0
    part_nodes = []
    counters = {"p": 0, "s": 0, "b": 0}

    def find(piece: str) -> tuple[int, int]:
        nonlocal pos
        start = text.index(piece, pos)
        pos = start + len(piece)
        return start, pos

    for part_title, role, sections in layout:
        ps, pe = find(part_title)
        section_nodes = []
        for spec in sections:
            title, *blocks = spec.split("|")
            ts, te = find(title)
            block_nodes = []
            for block in blocks:
                bs, be = find(block)
                block_nodes.append(Node(f"b{counters['b']}", "block", bs, be))
                counters["b"] += 1
            section_nodes.append(Node(f"s{counters['s']}", "section", ts, block_nodes[-1].end if block_nodes else te,
                                      title=title, title_start=ts, title_end=te, children=tuple(block_nodes)))
            counters["s"] += 1
        end = section_nodes[-1].end if section_nodes else pe
        part_nodes.append(Node(f"p{counters['p']}", "part", ps, end, role=role, title=part_title,
                               title_start=ps, title_end=pe, children=tuple(section_nodes)))
        counters["p"] += 1
    root = Node("r", "report", 0, len(text), children=tuple(part_nodes))
    return Report(text=text, root=root, meta=Meta(year=year, place=f"{prefix}示例市", date=f"{year}-01-05"))


OLD_TEXT = (
    "2022年工作回顾\n一、经济发展\n地区生产总值增长7%左右。加快建设项目。\n"
    "二、社会事业\n新建学校5所。\n"
)
NEW_TEXT = (
    "2023年工作回顾\n一、经济发展\n地区生产总值增长6.5%左右。全面加快建设项目。\n"
    "三、生态环境\n植树100万株。" + HOSTILE + "\n"
)


def small_comparison() -> Comparison:
    old = _report(OLD_TEXT, [("2022年工作回顾", "review", ["经济发展|地区生产总值增长7%左右。加快建设项目。",
                                                           "社会事业|新建学校5所。"])], year=2022)
    new = _report(NEW_TEXT, [("2023年工作回顾", "review", ["经济发展|地区生产总值增长6.5%左右。全面加快建设项目。",
                                                           "生态环境|植树100万株。" + HOSTILE])], year=2023)
    links = (
        Link("part", ("p0",), ("p0",), "renamed", 0.8, ("工作",)),
        Link("section", ("s0",), ("s0",), "same", 0.93, ("经济",)),
        Link("section", ("s1",), (), "dropped", 0.0),
        Link("section", (), ("s1",), "new", 0.0),
        Link("block", ("b0",), ("b0",), "renamed", 0.9),
        Link("block", ("b1",), (), "dropped", 0.0),
        Link("block", (), ("b1",), "new", 0.0),
    )
    o7 = OLD_TEXT.index("7%左右")
    n65 = NEW_TEXT.index("6.5%左右")
    nq = NEW_TEXT.index("全面")
    oq = OLD_TEXT.index("加快")
    edits = (
        Edit(4, "replace", "number", o7, o7 + 4, n65, n65 + 6),
        Edit(4, "insert", "wording", oq, oq, nq, nq + 2),
    )
    goal_old = Goal("target", "gdp", "地区生产总值", "增长", 7.0, 7.0, "%", "左右", None, False, 2022, 2022,
                    o7 - 8, o7 + 4, "b0")
    goal_new = Goal("target", "gdp", "地区生产总值", "增长", 6.5, 6.5, "%", "左右", None, False, 2023, 2023,
                    n65 - 8, n65 + 6, "b0")
    summary: dict[str, object] = {
        "shares": {"unchanged": 0.5, "reworded": 0.2, "new": 0.2, "dropped": 0.1, "moved": 0.0},
        "classes": {"number": 1, "wording": 1},
    }
    return Comparison(
        old=old, new=new, alignment=Alignment(links), edits=edits, summary=summary,
        old_goals=(goal_old,), new_goals=(goal_new,),
        goal_changes=(GoalChange("gdp", "lowered", goal_old, goal_new, None, "unknown", None, ()),),
        terms=(TermShift("生态", 0, 3, 2.1), TermShift("学校", 2, 0, -1.5)),
    )


def _doc(html: str) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(html)


# --------------------------------------------------------------------------- HTML

def test_html_structure_marks_and_escaping() -> None:
    cmp = small_comparison()
    html = render_html(cmp)
    assert html.startswith("<!DOCTYPE html>")
    doc = _doc(html)
    # hostile report text is text, not markup
    assert not doc.xpath("//script") and not doc.xpath("//img")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert HOSTILE in doc.text_content()
    # ids unique, internal links resolve
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids))
    for href in doc.xpath("//a/@href"):
        assert href.startswith("#") and href[1:] in ids, href
    # one h3 per new section and per dropped old section, titles in new order, dropped after its predecessor
    assert [h.get("id") for h in doc.xpath("//h3[contains(@class,'unit-title')]")] == ["n-s0", "o-s1", "n-s1"]
    # the number change: old and new struck/inserted, with the margin note old → new
    dels = [d.text_content() for d in doc.xpath("//div[contains(@class,'cell')]//del[contains(@class,'c-number')]")]
    ins = [i.text_content() for i in doc.xpath("//div[contains(@class,'cell')]//ins[contains(@class,'c-number')]")]
    assert dels == ["7%左右"] and ins == ["6.5%左右"]
    note = doc.xpath("//div[@class='note']")[0].text_content()
    assert "7%左右" in note and "6.5%左右" in note and "→" in note
    assert [i.text_content() for i in doc.xpath("//div[contains(@class,'cell')]//ins[contains(@class,'c-wording')]")] == ["全面"]
    # badges carry link kinds
    badges = {b.text_content().split()[0] for b in doc.xpath("//h3//span[contains(@class,'badge')]")}
    assert badges == {"相同", "删除", "新增"}
    # every block's text is in the document (note references aside)
    for sup in doc.xpath("//sup[contains(@class,'note-ref')]"):
        sup.drop_tree()
    text = doc.text_content()
    for report in (cmp.old, cmp.new):
        for block in report.blocks:
            assert report.span(block) in text


def test_html_inline_layout_puts_deletions_before_insertions() -> None:
    html = render_html(small_comparison(), layout="inline")
    doc = _doc(html)
    merged = doc.xpath("//div[contains(@class,'merged')]")[0].text_content()
    assert merged.index("7%左右") < merged.index("6.5%左右")
    assert "加快建设项目" in merged and "全面" in merged


def test_html_rejects_unknown_layout() -> None:
    with pytest.raises(OptionError, match="layout"):
        render_html(small_comparison(), layout="diagonal")  # type: ignore[arg-type]


def test_html_fragment_summary_and_outline() -> None:
    cmp = small_comparison()
    fragment = render_html(cmp, standalone=False)
    assert fragment.startswith("<article") and "<html" not in fragment
    summary = comparison_summary_html(cmp)
    assert "<style>" in summary and "变化比例" in summary and "地区生产总值" in summary
    outline = report_outline_html(cmp.new)
    doc = lxml.html.fragment_fromstring(outline)
    assert [c.text for c in doc.xpath("//code")] == ["p0", "s0", "s1"]
    assert HOSTILE not in outline  # section titles only; but titles are escaped by construction anyway


def test_pairs_and_rows_order() -> None:
    cmp = small_comparison()
    order = [([u.node.id for u in p.old], [u.node.id for u in p.new], p.kind) for p in pairs(cmp)]
    # the part has no text outside its sections, so it is no unit of its own
    assert order == [(["s0"], ["s0"], "same"), (["s1"], [], "dropped"), ([], ["s1"], "new")]
    first = pairs(cmp)[0]
    assert [([b.id for b in r.old], [b.id for b in r.new]) for r in rows(cmp, first)] == [(["b0"], ["b0"])]


def test_format_goal() -> None:
    goal = small_comparison().new_goals[0]
    assert format_goal(goal) == "增长 6.5%左右"
    assert format_goal(None) == "—"


def test_svg_bar_and_chart() -> None:
    bar = stacked_bar([("reworded", 0.25), ("new", 0.5), ("dropped", 0.9)], width=100)
    widths = [float(r.get("width") or "nan") for r in bar.findall("rect")[1:]]
    assert widths == [25.0, 50.0, 25.0]  # clipped to the bar
    chart = sections_chart([ChartRow("甲", "#a", "same", (("reworded", 0.1),), 0.1),
                            ChartRow("乙", "#b", "new", (("new", 1.0),), 1.0)])
    assert [a.text for a in chart.iter("a")] == ["乙", "甲"]


B = Node("b9", "block", 0, 1)


@pytest.mark.parametrize(("old", "new", "notes", "jumps", "layout", "shape"), [
    ((B,), (B,), 1, 0, "side-by-side", "grid"),       # margin notes need the third column
    ((B,), (B,), 0, 0, "side-by-side", "plain"),      # both sides, notes column left blank
    ((B,), (), 0, 0, "side-by-side", "only-old"),     # one side: a plain block at its column
    ((), (B,), 0, 0, "side-by-side", "only-new"),
    ((), (B,), 0, 1, "side-by-side", "grid"),         # "← 自 …" sits in the empty old column
    ((B,), (B,), 0, 0, "inline", "only-new"),
    ((B,), (B,), 1, 0, "inline", "grid"),
])
def test_row_shape(old: tuple[Node, ...], new: tuple[Node, ...], notes: int, jumps: int, layout: str,
                   shape: str) -> None:
    from reportdiff.render.layout import Note

    note_list = [Note(1, "7%", "6.5%", 0, 0)] * notes
    jump_list = [("经济发展", "o-s0")] * jumps
    assert _row_shape(Row(old, new, None), note_list, jump_list, layout=layout) == shape


def test_rows_render_as_blocks_unless_notes_need_a_third_column() -> None:
    doc = _doc(render_html(small_comparison()))
    shapes = {}
    for row in doc.xpath("//div[contains(@class,'rows')]/div[contains(concat(' ',@class,' '),' row ')]"):
        classes = row.get("class").split()
        cells = [c.get("class") for c in row]
        shapes[classes[1]] = cells
    # the number change has its margin note: a three-cell row; the dropped and new blocks are one
    # cell each (no empty cell, no empty notes cell)
    assert shapes == {"grid": ["cell old", "cell new", "cell notes"], "only-old": ["cell old"],
                      "only-new": ["cell new"]}
    inline = _doc(render_html(small_comparison(), layout="inline"))
    assert len(inline.xpath("//div[contains(@class,'cell notes')]")) == 1


def test_chart_table_reads_down_then_across() -> None:
    entries = [ChartRow(name, f"#{name}", "same", (("reworded", share),), share)
               for name, share in (("甲", 0.1), ("乙", 0.9), ("丙", 0.5), ("丁", 0.5), ("戊", 0.3))]
    table = chart_table(entries)
    cells = [[td.findtext("a") for td in tr.findall("td") if "chart-label" in td.get("class", "")]
             for tr in table.iter("tr")]
    # largest first, ties in input order; first column top to bottom, then the second
    assert cells == [["乙", "戊"], ["丙", "甲"], ["丁", None]]
    assert [td.text for td in table.iter("td") if td.get("class") == "chart-pct"] == ["90%", "30%", "50%", "10%", "50%", None]


@pytest.mark.parametrize("layout", ["side-by-side", "inline"])
def test_to_etree_equals_what_the_html_parser_builds(layout: str) -> None:
    """The PDF path hands WeasyPrint the tree directly instead of text to parse: it must be exactly
    the tree WeasyPrint's parser builds from the serialized document (hostile text included)."""
    tinyhtml5 = pytest.importorskip("tinyhtml5")
    from lxml import etree

    document = build_document(small_comparison(), layout=layout, css=False)
    parsed = tinyhtml5.parse("<!DOCTYPE html>\n" + etree.tostring(document, method="html", encoding="unicode"),
                             namespace_html_elements=False)
    built = to_etree(document)

    def flat(node: object) -> list[tuple[object, ...]]:
        return [(e.tag, sorted(e.attrib.items()), e.text or "", e.tail or "") for e in node.iter()]  # type: ignore[attr-defined]

    assert flat(built) == flat(parsed)
    assert any(str(e.tag).startswith("{http://www.w3.org/2000/svg}") for e in built.iter())
    assert HOSTILE in "".join(built.itertext()) and _serialize(document, doctype=False).count("<script") == 0


# --------------------------------------------------------------------------- Markdown

def test_markdown() -> None:
    md = render_markdown(small_comparison())
    assert md.startswith("# 政府工作报告对比：示例市2022年政府工作报告 → 示例市2023年政府工作报告\n")
    assert "**6.5%左右**〔原 7%左右〕" in md
    assert "**全面**" in md
    assert "~~新建学校5所。~~" in md
    assert "\\<script\\>alert(1)\\</script\\>" in md
    assert "| 地区生产总值 | 增长 7%左右 | — | 增长 6.5%左右 | ↓ 下调 | 未知 |" in md
    assert "### 经济发展 〔相同 0.93〕" in md


def test_markdown_escapes_masks() -> None:
    seed = SEED.read_text(encoding="utf-8")[:400]
    assert "**" in seed
    assert "**" not in md_escape(seed).replace("\\*\\*", "")


@given(st.text())
def test_md_escape_round_trip(text: str) -> None:
    escaped = md_escape(text)
    assert re.sub(r"\\(.)", r"\1", escaped) == text.replace("\r", "").replace("\n", " ")


# --------------------------------------------------------------------------- fonts

def test_subset_charset_covers_the_corpus() -> None:
    chars = fonts.subset_charset()
    assert len(chars) > 7500
    missing = set()
    for path in [*ALL_REPORTS, SEED]:
        missing |= {c for c in path.read_text(encoding="utf-8") if not c.isspace()} - chars
    assert not missing, "".join(sorted(missing))


def test_find_cjk_font_explicit_errors(tmp_path: Path) -> None:
    with pytest.raises(FontError, match="--font"):
        fonts.find_cjk_font(str(tmp_path / "missing.ttf"))
    bogus = tmp_path / "bogus.ttf"
    bogus.write_bytes(b"not a font at all")
    with pytest.raises(FontError, match="not a TrueType/OpenType"):
        fonts.find_cjk_font(str(bogus))


def test_find_cjk_font_none_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "_fc_list", lambda: [])
    monkeypatch.setattr(fonts, "_FONT_DIRS", ())
    with pytest.raises(FontError) as info:
        fonts.find_cjk_font()
    assert "apt-get install fonts-noto-cjk" in str(info.value) and "--font PATH" in str(info.value)


def _system_font() -> Path:
    try:
        return fonts.find_cjk_font()
    except FontError:
        pytest.skip("no CJK font installed")


def test_fontconfig_prefers_simplified_chinese_face() -> None:
    from fontTools.ttLib import TTFont

    font = _system_font()
    index = fonts.face_index(font)
    face = TTFont(font, fontNumber=index, lazy=True)
    name = str(face["name"].getDebugName(4))
    if font.suffix.lower() == ".ttc":
        assert any(tag in name for tag in (" SC", "CN", "GB")), name


def test_build_ttf_and_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fontTools.ttLib import TTFont

    font = _system_font()
    monkeypatch.setenv("REPORTDIFF_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(fonts, "subset_charset", lambda: frozenset("中国政府工作报告0123456789%"))
    built: list[int] = []
    real_build = fonts.build_ttf

    def counting_build(path: Path, chars: object, **kw: str) -> bytes:
        built.append(1)
        return real_build(path, chars, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(fonts, "build_ttf", counting_build)
    first = fonts.cached_subset(font)
    second = fonts.cached_subset(font)
    assert first == second and len(built) == 1
    assert first.parent == tmp_path / "cache" and not list(first.parent.glob("*.tmp"))
    ttf = TTFont(first)
    assert "glyf" in ttf and "CFF " not in ttf
    cmap = ttf.getBestCmap()
    assert all(ord(c) in cmap for c in "中国政府工作报告0123456789%")
    assert ttf["glyf"][cmap[ord("国")]].numberOfContours > 0


def test_supplement_chars() -> None:
    assert fonts.supplement_chars("广安市2023年 堃赟\n") == "堃赟"
