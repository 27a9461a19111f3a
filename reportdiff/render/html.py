"""The annotated comparison as HTML, built with lxml (escaped by construction).

Stage: rendering. Input is a ``Comparison``; output is one HTML document (or fragment) with a
summary page, the goals table, and the comparison section by section in the new report's order,
old and new side by side or as one inline redline. Every text run comes from ``report.text``
through offsets; edits become ``<del>``/``<ins>``/``<span>`` marks classed by edit class. The same
document, with the packaged ``style.css``, is what ``render.pdf`` hands to WeasyPrint.
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal
from xml.etree import ElementTree

from lxml import etree

from reportdiff.errors import OptionError
from reportdiff.model import Comparison, Edit, Node, Report
from reportdiff.render.layout import (
    CHANGE_LABELS,
    CLASS_LABELS,
    KIND_LABELS,
    LAYOUTS,
    MINOR_CLASSES,
    OUTCOME_LABELS,
    ROLE_LABELS,
    SHARE_LABELS,
    Context,
    Mark,
    Marks,
    Note,
    Pair,
    Row,
    Side,
    Unit,
    build_context,
    class_counts,
    clip,
    detail_text,
    format_goal,
    goal_name,
    goal_rows,
    node_label,
    pair_change,
    pairs,
    report_name,
    rows,
    text_shares,
    visible,
)

if TYPE_CHECKING:
    from reportdiff.render.svg import ChartRow

Layout = Literal["side-by-side", "inline"]

#: Edit classes not highlighted as changes in the text (shown faintly).


# --------------------------------------------------------------------------- small helpers

def _el(parent: etree._Element | None, tag: str, text: str | None = None, /, **attrs: str) -> etree._Element:
    """A new element (appended to ``parent`` when given); ``cls`` stands for the class attribute."""
    if "cls" in attrs:
        attrs["class"] = attrs.pop("cls")
    attrs = {k.replace("data_", "data-"): v for k, v in attrs.items()}
    node = etree.Element(tag, attrs) if parent is None else etree.SubElement(parent, tag, attrs)
    if text:
        node.text = text
    return node


def _append_text(parent: etree._Element, text: str) -> None:
    """Append text after the last child of ``parent`` (lxml keeps it in ``tail``)."""
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def stylesheet() -> str:
    """The packaged stylesheet (``reportdiff/render/style.css``)."""
    return importlib.resources.files("reportdiff.render").joinpath("style.css").read_text(encoding="utf-8")








# --------------------------------------------------------------------------- units and pairs











# --------------------------------------------------------------------------- marks





















def _mark_element(parent: etree._Element, mark: Mark, text: str) -> None:
    attrs = {"cls": mark.classes}
    if mark.title:
        attrs["title"] = mark.title
    element = _el(parent, mark.tag, None, **attrs)
    if mark.href:
        link = _el(element, "a", text, href=f"#{mark.href}", cls="jump")
        link.tail = None
    else:
        element.text = text
    if mark.note is not None and mark.tag == "ins":
        _el(parent, "sup", str(mark.note), cls="note-ref")


def marked_text(parent: etree._Element, text: str, start: int, end: int, marks: Sequence[Mark]) -> None:
    """Append ``text[start:end]`` to ``parent`` with ``marks`` (clipped to the range) as elements."""
    position = start
    for mark in marks:
        s, e = max(mark.start, start), min(mark.end, end)
        if e <= s or s < position:
            continue
        _append_text(parent, text[position:s])
        _mark_element(parent, mark, text[s:e])
        position = e
    _append_text(parent, text[position:end])


# --------------------------------------------------------------------------- rows inside a pair





# --------------------------------------------------------------------------- rendering a pair

def _badge(parent: etree._Element, kind: str, score: float | None) -> None:
    text = KIND_LABELS.get(kind, kind)
    if score is not None and kind not in ("new", "dropped"):
        text += f" {score:.2f}"
    _el(parent, "span", text, cls=f"badge kind-{kind}", title=f"link: {kind}")


def _title_marked(parent: etree._Element, report: Report, node: Node, marks: Marks) -> None:
    if node.title is not None and node.title_start is not None and node.title_end is not None:
        marked_text(parent, report.text, node.title_start, node.title_end,
                    marks.within(node.title_start, node.title_end))
    else:
        _append_text(parent, node_label(report, node))


def _unit_heading(ctx: Context, parent: etree._Element, pair: Pair, unit: Unit, first: bool) -> None:
    cmp = ctx.cmp
    report = cmp.new if unit.side == "new" else cmp.old
    marks = ctx.new_marks if unit.side == "new" else ctx.old_marks
    label = node_label(report, unit.node)
    prefix = "" if unit.side == "new" else "〔删〕"
    if unit.node.kind == "section":
        heading = _el(parent, "h3", None, id=unit.anchor, cls=f"unit-title side-{unit.side}",
                      data_label=clip(prefix + label, 40))
        _title_marked(heading, report, unit.node, marks)
    else:
        heading = _part_heading(parent, report, unit.node, unit.anchor, prefix=prefix)
    if first:
        link = pair.link
        _badge(heading, pair.kind, link.score if link is not None else None)


def _part_heading(parent: etree._Element, report: Report, part: Node, anchor: str, *, prefix: str = "") -> etree._Element:
    """An ``h2`` for a part (or the front matter): its title and its role."""
    label = "开头" if part.kind == "front" else node_label(report, part)
    h2 = _el(parent, "h2", label, id=anchor, cls="part-title", data_label=clip(prefix + label, 40))
    role = ROLE_LABELS.get(part.role or "", "") if part.kind == "part" else ""
    if role:
        _el(h2, "span", role, cls="role")
    return h2


def _pair_meta(ctx: Context, parent: etree._Element, pair: Pair) -> None:
    """The line under the heading: the old title(s) when they differ, where split/merged text went."""
    cmp = ctx.cmp
    if not pair.new or any(u.node.kind == "front" for u in pair.old + pair.new):
        return
    meta = _el(parent, "div", None, cls="pair-meta")
    new_titles = [node_label(cmp.new, u.node) for u in pair.new]
    for unit in pair.old:
        old_title = node_label(cmp.old, unit.node)
        if pair.new and old_title in new_titles:
            continue
        item = _el(meta, "span", None, cls="old-title")
        _el(item, "span", "原：" if pair.new else "上年：", cls="meta-key")
        _title_marked(item, cmp.old, unit.node, ctx.old_marks)
    if pair.link is not None and pair.link.evidence:
        _el(meta, "span", "依据：" + "、".join(pair.link.evidence[:6]), cls="evidence")
    if not len(meta):
        parent.remove(meta)


def _row_jumps(ctx: Context, row: Row, pair: Pair, side: Side) -> list[tuple[str, str]]:
    """(label, anchor) of units outside ``pair`` holding the other side of the row's link."""
    if row.link is None:
        return []
    here = {u.anchor for u in (pair.old + pair.new)}
    ids = row.link.new if side == "old" else row.link.old
    lookup = ctx.anchor_of_new if side == "old" else ctx.anchor_of_old
    jumps: list[tuple[str, str]] = []
    for node_id in ids:
        anchor = lookup.get(node_id)
        if anchor is not None and anchor not in here and anchor not in [a for _, a in jumps]:
            jumps.append((ctx.label_of_anchor.get(anchor, anchor), anchor))
    return jumps


def _block_paragraphs(
    ctx: Context, parent: etree._Element, report: Report, blocks: Sequence[Node], marks: Marks,
    whole: str | None,
) -> None:
    """One ``<p>`` per block with its marks; ``whole`` ('ins'/'del') marks the entire text instead."""
    for block in blocks:
        if whole is not None:
            # a block-level <ins>/<del>: no inline box to split across lines (cheaper layout)
            kind = "new" if whole == "ins" else "dropped"
            _el(parent, whole, report.text[block.start:block.end], cls=f"blk whole c-{kind}",
                title="新增" if whole == "ins" else "删除")
        else:
            p = _el(parent, "p", None, cls="blk")
            marked_text(p, report.text, block.start, block.end, marks.within(block.start, block.end))


def _notes_for(ctx: Context, row: Row) -> list[Note]:
    spans_new = [(b.start, b.end) for b in row.new]
    spans_old = [(b.start, b.end) for b in row.old]
    found = []
    for note in ctx.notes:
        if any(s <= note.new_start < e for s, e in spans_new) or (
            not spans_new and any(s <= note.old_start < e for s, e in spans_old)
        ):
            found.append(note)
    return found


def _notes_cell(parent: etree._Element, notes: Sequence[Note]) -> None:
    cell = _el(parent, "div", None, cls="cell notes")
    for note in notes:
        item = _el(cell, "div", None, cls="note")
        _el(item, "span", str(note.number), cls="note-num")
        _el(item, "span", note.old, cls="note-old")
        _append_text(item, " → ")
        _el(item, "span", note.new, cls="note-new")


def _jump_links(parent: etree._Element, jumps: Sequence[tuple[str, str]], arrow: str) -> None:
    if not jumps:
        return
    line = _el(parent, "div", None, cls="jumps")
    _append_text(line, arrow)
    for index, (label, anchor) in enumerate(jumps):
        if index:
            _append_text(line, "、")
        _el(line, "a", clip(label, 28), href=f"#{anchor}")


def _whole(row: Row, side: Side) -> str | None:
    kind = row.link.kind if row.link is not None else None
    if side == "new" and kind == "new":
        return "ins"
    if side == "old" and kind == "dropped":
        return "del"
    return None


def _row_shape(row: Row, notes: Sequence[Note], jumps: Sequence[tuple[str, str]], *, layout: str) -> str:
    """How a row is laid out (the class that picks its CSS): ``grid`` (a small fixed table: old |
    new | notes), ``plain`` (both sides, no notes: old | new, the notes column left blank),
    ``only-old`` / ``only-new`` (one side, no notes, no jump links for the empty side: one block
    at its column's place, the empty column shaded by the row's background). Blocks cost WeasyPrint
    far less than table cells, and most rows carry no notes."""
    if notes or jumps:
        return "grid"
    if layout == "inline":
        return "only-new"
    if row.old and row.new:
        return "plain"
    return "only-old" if row.old else "only-new"


def _side_by_side_row(ctx: Context, parent: etree._Element, pair: Pair, row: Row) -> None:
    cmp = ctx.cmp
    kind = row.link.kind if row.link is not None else "none"
    notes = _notes_for(ctx, row)
    came_from = _row_jumps(ctx, row, pair, "new") if not row.old else []
    went_to = _row_jumps(ctx, row, pair, "old") if not row.new else []
    shape = _row_shape(row, notes, came_from + went_to, layout="side-by-side")
    line = _el(parent, "div", None, cls=f"row {shape} kind-{kind}")
    if shape != "only-new":
        old_cell = _el(line, "div", None, cls="cell old" if row.old else "cell old empty")
        _block_paragraphs(ctx, old_cell, cmp.old, row.old, ctx.old_marks, _whole(row, "old"))
        _jump_links(old_cell, came_from, "← 自 ")
        _jump_links(old_cell, went_to, "→ 移至 ")
    if shape != "only-old":
        new_cell = _el(line, "div", None, cls="cell new" if row.new else "cell new empty")
        _block_paragraphs(ctx, new_cell, cmp.new, row.new, ctx.new_marks, _whole(row, "new"))
    if notes:
        _notes_cell(line, notes)


def _inline_row(ctx: Context, parent: etree._Element, pair: Pair, row: Row) -> None:
    """One column: the new text with deletions (old text) placed where they were cut."""
    cmp = ctx.cmp
    kind = row.link.kind if row.link is not None else "none"
    notes = _notes_for(ctx, row)
    line = _el(parent, "div", None, cls=f"row inline {_row_shape(row, notes, (), layout='inline')} kind-{kind}")
    cell = _el(line, "div", None, cls="cell merged")
    if not row.new:
        _block_paragraphs(ctx, cell, cmp.old, row.old, ctx.old_marks, "del")
        _jump_links(cell, _row_jumps(ctx, row, pair, "old"), "→ 移至 ")
    elif not row.old or _whole(row, "new"):
        _block_paragraphs(ctx, cell, cmp.new, row.new, ctx.new_marks, _whole(row, "new") or None)
        _jump_links(cell, _row_jumps(ctx, row, pair, "new"), "← 自 ")
    else:
        old_spans = [(b.start, b.end) for b in row.old]
        for block in row.new:
            p = _el(cell, "p", None, cls="blk")
            inserts = ctx.new_marks.within(block.start, block.end)
            deletions = [
                e for e in cmp.edits
                if visible(e) and e.old_end > e.old_start and block.start <= e.new_start <= block.end
                and any(s <= e.old_start < t for s, t in old_spans)
            ]
            _redline(ctx, p, block, inserts, deletions)
    if notes:
        _notes_cell(line, notes)


def _redline(ctx: Context, p: etree._Element, block: Node, inserts: Sequence[Mark], deletions: Sequence[Edit]) -> None:
    text_new = ctx.cmp.new.text
    text_old = ctx.cmp.old.text
    events: list[tuple[int, int, str, object]] = []
    for mark in inserts:
        events.append((max(mark.start, block.start), 1, "ins", mark))
    for edit in deletions:
        events.append((edit.new_start, 0, "del", edit))
    events.sort(key=lambda e: (e[0], e[1]))
    position = block.start
    for at, _, what, item in events:
        if at < position:
            continue
        _append_text(p, text_new[position:at])
        position = at
        if what == "del":
            assert isinstance(item, Edit)
            minor = " minor" if item.cls in MINOR_CLASSES else ""
            mark = Mark(item.old_start, item.old_end, "del", f"c-{item.cls}{minor}", CLASS_LABELS.get(item.cls, item.cls))
            _mark_element(p, mark, text_old[item.old_start:item.old_end])
        else:
            assert isinstance(item, Mark)
            end = min(item.end, block.end)
            _mark_element(p, item, text_new[at:end])
            position = end
    _append_text(p, text_new[position:block.end])


def _render_pair(ctx: Context, parent: etree._Element, pair: Pair) -> None:
    cmp = ctx.cmp
    section = _el(parent, "section", None, cls=f"pair kind-{pair.kind}")
    pair_rows = rows(cmp, pair)
    heads = list(pair.new) if pair.new else list(pair.old)
    head_of_block = {b.id: u for u in heads for b in u.blocks}
    done: set[str] = set()
    first = True
    # headings of units that own no row are written first
    for unit in heads:
        if not unit.blocks:
            _unit_heading(ctx, section, pair, unit, first)
            done.add(unit.anchor)
            first = False
    body: etree._Element | None = None
    for row in pair_rows:
        blocks = row.new if pair.new else row.old
        for block in blocks:
            owner = head_of_block.get(block.id)
            if owner is not None and owner.anchor not in done:
                unit = owner
                _unit_heading(ctx, section, pair, unit, first)
                if first:
                    _pair_meta(ctx, section, pair)
                    if ctx.layout == "side-by-side":
                        _column_heads(section)
                first = False
                done.add(owner.anchor)
                body = None
        if first:
            _unit_heading(ctx, section, pair, heads[0], True)
            _pair_meta(ctx, section, pair)
            done.add(heads[0].anchor)
            first = False
        if body is None:
            body = _el(section, "div", None, cls=f"rows {ctx.layout}")
        if ctx.layout == "inline":
            _inline_row(ctx, body, pair, row)
        else:
            _side_by_side_row(ctx, body, pair, row)
    for unit in heads:
        if unit.anchor not in done:
            _unit_heading(ctx, section, pair, unit, first)
            first = False
    if first:
        _unit_heading(ctx, section, pair, heads[0], True)


def _column_heads(parent: etree._Element) -> None:
    """The column labels above a section's rows: one line of text, each label moved to its column's
    start by a margin (one line box instead of a three-cell table: WeasyPrint lays it out ~5× faster)."""
    line = _el(parent, "div", "上年", cls="colheads")
    _el(line, "span", "本年", cls="col-new")
    _el(line, "span", "数字", cls="col-notes")


# --------------------------------------------------------------------------- summary, goals







def _report_facts(parent: etree._Element, cmp: Comparison) -> None:
    table = _el(parent, "table", None, cls="facts report-facts")
    head = _el(_el(table, "thead"), "tr")
    for text in ("", "上年报告", "本年报告"):
        _el(head, "th", text)
    body = _el(table, "tbody")
    def facts(r: Report, fallback: str) -> list[tuple[str, str]]:
        return [
            ("名称", report_name(r, fallback)),
            ("地区", r.meta.place or "—"),
            ("年份", str(r.meta.year) if r.meta.year else "—"),
            ("日期", r.meta.date or "—"),
            ("会议", r.meta.meeting or "—"),
            ("报告人", r.meta.speaker or "—"),
            ("字数", f"{len(r.text):,}"),
            ("章节", f"{len(r.parts)} 部分，{len(r.sections)} 节"),
        ]

    for (label, old_value), (_, new_value) in zip(facts(cmp.old, "上年报告"), facts(cmp.new, "本年报告"), strict=True):
        tr = _el(body, "tr")
        _el(tr, "th", label)
        _el(tr, "td", old_value)
        _el(tr, "td", new_value)


def _share_block(parent: etree._Element, cmp: Comparison) -> None:
    from reportdiff.render.svg import stacked_bar

    shares = text_shares(cmp)
    box = _el(parent, "div", None, cls="shares")
    _el(box, "h3", "变化比例", cls="sub")
    if shares:
        bar = stacked_bar([(k, shares.get(k, 0.0)) for k in SHARE_LABELS], width=420, height=14,
                          label="变化比例")
        box.append(bar)
        legend = _el(box, "div", None, cls="share-list")
        for key, label in SHARE_LABELS.items():
            item = _el(legend, "span", None, cls=f"share share-{key}")
            _el(item, "span", "", cls=f"swatch seg-{key}")
            _append_text(item, f"{label} {shares.get(key, 0.0):.1%}")
    counts = class_counts(cmp)
    if counts:
        line = _el(box, "div", None, cls="class-counts")
        _append_text(line, "改动处数：")
        parts = [f"{CLASS_LABELS.get(k, k)} {v}" for k, v in sorted(counts.items()) if v and k != "equal"]
        _append_text(line, "，".join(parts) if parts else "无")












def _goals_table(parent: etree._Element, cmp: Comparison, *, limit: int | None = None, cls: str = "goals") -> None:
    changes = goal_rows(cmp)
    if limit is not None:
        changes = [c for c in changes if c.change != "unchanged" or c.outcome in ("met", "missed")][:limit]
    if not changes:
        _el(parent, "p", "没有提取到可比较的目标。", cls="empty-note")
        return
    table = _el(parent, "table", None, cls=cls)
    head = _el(_el(table, "thead"), "tr")
    for text in ("指标", "上年目标", "上年实际", "本年目标", "变化", "上年目标完成"):
        _el(head, "th", text)
    body = _el(table, "tbody")
    for change in changes:
        tr = _el(body, "tr", None, cls=f"change-{change.change}")
        _el(tr, "td", goal_name(change), cls="metric")
        _el(tr, "td", format_goal(change.old, cmp.old))
        _el(tr, "td", format_goal(change.actual, cmp.new))
        _el(tr, "td", format_goal(change.new, cmp.new))
        arrow, label = CHANGE_LABELS.get(change.change, ("·", change.change))
        cell = _el(tr, "td", None, cls="change")
        _el(cell, "span", arrow, cls=f"arrow arrow-{change.change}")
        _append_text(cell, f" {label}")
        details = [d for d in (detail_text(x) for x in change.details) if d]
        if details:
            _el(cell, "span", "（" + "；".join(details[:2]) + "）", cls="details")
        outcome = change.outcome or ""
        text = OUTCOME_LABELS.get(outcome, outcome or "—")
        if change.gap is not None and outcome in ("met", "missed"):
            text += f"（{change.gap:+g}）"
        _el(tr, "td", text, cls=f"outcome outcome-{outcome or 'none'}")


def _terms_block(parent: etree._Element, cmp: Comparison, *, top: int = 10) -> None:
    """The terms that rose and fell most, as one fixed table: 上升 in the left half, 下降 in the right,
    two terms per half and row (read left to right, then down)."""
    rising = sorted((t for t in cmp.terms if t.z > 0), key=lambda t: (-t.z, t.term))[:top]
    falling = sorted((t for t in cmp.terms if t.z < 0), key=lambda t: (t.z, t.term))[:top]
    if not rising and not falling:
        return
    box = _el(parent, "div", None, cls="terms")
    _el(box, "h3", "用词升降", cls="sub")
    table = _el(box, "table", None, cls="term-table")
    head = _el(_el(table, "thead"), "tr")
    _el(head, "th", "上升", cls="term-head up", colspan="2")
    _el(head, "th", "下降", cls="term-head down", colspan="2")
    body = _el(table, "tbody")
    for line in range((max(len(rising), len(falling)) + 1) // 2):
        tr = _el(body, "tr")
        for items, cls in ((rising, "up"), (falling, "down")):
            for term in items[2 * line:2 * line + 2] + [None] * (2 - len(items[2 * line:2 * line + 2])):
                cell = _el(tr, "td", None, cls=f"term {cls}")
                if term is not None:
                    _el(cell, "span", term.term, cls="term-word")
                    _el(cell, "span", f"{term.old_count} → {term.new_count}", cls="term-counts")


def _chart(parent: etree._Element, cmp: Comparison, pair_list: Sequence[Pair]) -> None:
    from reportdiff.render.svg import ChartRow

    chart_rows = []
    for pair in pair_list:
        main = (pair.new or pair.old)[0]
        if main.node.kind != "section":
            continue
        report = cmp.new if pair.new else cmp.old
        changed, by_kind = pair_change(cmp, pair)
        segments = tuple((k, by_kind.get(k, 0.0)) for k in ("reworded", "moved", "new", "dropped"))
        chart_rows.append(ChartRow(clip(node_label(report, main.node), 22), f"#{main.anchor}", pair.kind,
                                   segments, changed))
    if not chart_rows:
        return
    box = _el(parent, "div", None, cls="chart-box")
    _el(box, "h3", "各节改动比例（点击跳转）", cls="sub")
    box.append(chart_table(chart_rows, bar_width=70.0))


def chart_table(chart_rows: Sequence[ChartRow], *, bar_width: float = 70.0) -> etree._Element:
    """The sections chart (see ``svg.sections_chart``: largest share first, ties in document order)
    as one fixed-layout table of two columns, read top to bottom then left to right: each entry is
    a link to the section, an inline SVG bar and the percentage. A single small table is laid out
    several times faster by WeasyPrint than CSS columns of per-entry tables, and still breaks
    cleanly between its rows at a page end."""
    from reportdiff.render.svg import stacked_bar

    order = sorted(range(len(chart_rows)), key=lambda i: (-chart_rows[i].changed, i))
    half = (len(order) + 1) // 2
    # more than 12 lines a column: a denser table, so the summary still fits its first page
    table = _el(None, "table", None, cls="chart dense" if half > 12 else "chart")
    body = _el(table, "tbody")
    for line in range(half):
        tr = _el(body, "tr")
        for index in (line, line + half):
            if index >= len(order):
                for cls in ("chart-label", "chart-bar", "chart-pct"):
                    _el(tr, "td", None, cls=cls)
                continue
            row = chart_rows[order[index]]
            _el(_el(tr, "td", None, cls=f"chart-label kind-{row.kind}"), "a", row.label, href=row.href)
            bar = _el(tr, "td", None, cls="chart-bar")
            bar.append(stacked_bar(row.segments, width=bar_width, label=f"{row.label}: {row.changed:.0%}"))
            _el(tr, "td", f"{row.changed:.0%}", cls="chart-pct")
    return table


def _legend(parent: etree._Element) -> None:
    box = _el(parent, "div", None, cls="legend")
    _el(box, "span", "图例：", cls="legend-title")
    samples = (
        ("del", "c-text", "删除"), ("ins", "c-text", "新增"), ("ins", "c-number", "数字变化"),
        ("ins", "c-wording", "措辞强度"), ("ins", "c-masked", "隐去"), ("ins", "c-moved", "移动"),
    )
    for tag, cls, label in samples:
        item = _el(box, "span", None, cls="legend-item")
        _el(item, tag, label, cls=cls)
    for kind in ("same", "renamed", "moved", "split", "merge", "new", "dropped"):
        _el(box, "span", KIND_LABELS[kind], cls=f"badge kind-{kind}")


# --------------------------------------------------------------------------- documents

def _check_layout(layout: str) -> None:
    if layout not in LAYOUTS:
        raise OptionError(f"layout {layout!r} is not one of {', '.join(LAYOUTS)}")


def _title(cmp: Comparison) -> str:
    return f"{report_name(cmp.old, '上年报告')} → {report_name(cmp.new, '本年报告')}"


def _summary_section(parent: etree._Element, cmp: Comparison, pair_list: Sequence[Pair]) -> etree._Element:
    summary = _el(parent, "section", None, id="summary", cls="summary")
    _el(summary, "h1", "政府工作报告对比", data_label="摘要")
    _el(summary, "p", _title(cmp), cls="subtitle")
    _report_facts(summary, cmp)
    _share_block(summary, cmp)
    if cmp.goal_changes:
        box = _el(summary, "div", None, cls="headline-goals")
        _el(box, "h3", "主要目标变化", cls="sub")
        _goals_table(box, cmp, limit=8, cls="goals compact")
    _terms_block(summary, cmp)
    _chart(summary, cmp, pair_list)
    # no mark legend here: it explains the word diffs of 逐节对比, which opens with it; under the
    # chart it spilled onto a page of its own when the chart filled the first page
    return summary


def build_document(cmp: Comparison, *, layout: str = "side-by-side", css: bool = True) -> etree._Element:
    """The whole comparison as an lxml ``<html>`` element (``css``: embed the stylesheet)."""
    _check_layout(layout)
    from reportdiff import __version__

    ctx = build_context(cmp, layout)
    pair_list = pairs(cmp)
    html = _el(None, "html", lang="zh-CN")
    head = _el(html, "head")
    _el(head, "meta", charset="utf-8")
    _el(head, "title", _title(cmp))
    _el(head, "meta", name="description", content="政府工作报告逐节对比：对齐、逐词改动、目标变化")
    _el(head, "meta", name="generator", content=f"reportdiff {__version__}")
    if css:
        _el(head, "style", stylesheet())
    body = _el(html, "body", cls=f"layout-{layout}")
    running = _el(body, "div", None, cls="running")
    _el(running, "span", report_name(cmp.old, "上年报告"), cls="run-old")
    _el(running, "span", report_name(cmp.new, "本年报告"), cls="run-new")
    _summary_section(body, cmp, pair_list)
    goals = _el(body, "section", None, id="goals", cls="goals-page")
    _el(goals, "h1", "目标对照表", data_label="目标对照表")
    _goals_table(goals, cmp)
    compare = _el(body, "section", None, id="comparison", cls="comparison")
    _el(compare, "h1", "逐节对比", data_label="逐节对比")
    _legend(compare)
    linked_old_parts = {i for link in cmp.links if link.level == "part" and link.new for i in link.old}
    emitted_parts: set[tuple[str, str]] = set()
    for pair in pair_list:
        main = (pair.new or pair.old)[0]
        part = main.node if main.node.kind in ("part", "front") else main.part
        if part is not None and (main.side, part.id) not in emitted_parts:
            emitted_parts.add((main.side, part.id))
            own_heading = main.node.kind != "section"  # a part body unit writes its own heading
            kept_old_part = main.side == "old" and part.id in linked_old_parts
            if not own_heading and not kept_old_part:
                report = cmp.new if pair.new else cmp.old
                _part_heading(compare, report, part, f"{main.side[0]}-part-{part.id}",
                              prefix="" if main.side == "new" else "〔删〕")
        _render_pair(ctx, compare, pair)
    return html


def _serialize(element: etree._Element, *, doctype: bool) -> str:
    text = etree.tostring(element, method="html", encoding="unicode")
    return ("<!DOCTYPE html>\n" + text + "\n") if doctype else text


_SVG_NS = "{http://www.w3.org/2000/svg}"


def to_etree(element: etree._Element) -> ElementTree.Element:
    """The ``xml.etree`` tree an HTML parser builds from ``_serialize(element)`` (as WeasyPrint calls
    tinyhtml5/html5lib: HTML elements without a namespace, ``<svg>`` and its content in the SVG
    namespace), built directly: same tags, attributes, text and tails, without serializing and
    tokenizing the document again (~0.07 s of a 30-page PDF). ``render.pdf`` hands it to WeasyPrint.
    Our documents hold no comments and every table has its ``<tbody>``, so the trees are equal
    (tested against the parser)."""

    def convert(node: etree._Element, in_svg: bool) -> ElementTree.Element:
        tag = str(node.tag)
        svg = in_svg or tag == "svg"
        attrib = {str(k): str(v) for k, v in node.attrib.items()}
        copy = ElementTree.Element(_SVG_NS + tag if svg else tag, attrib)
        copy.text, copy.tail = node.text, node.tail
        for child in node:
            if isinstance(child.tag, str):  # comments and processing instructions are not rendered
                copy.append(convert(child, svg))
        return copy

    return convert(element, False)


def render_html(cmp: Comparison, *, layout: Layout = "side-by-side", standalone: bool = True) -> str:
    """The annotated comparison as HTML: a complete document with the stylesheet embedded
    (``standalone``), or the ``<article>`` fragment only (style it with ``stylesheet()``)."""
    document = build_document(cmp, layout=layout, css=standalone)
    if standalone:
        return _serialize(document, doctype=True)
    body = document.find("body")
    assert body is not None
    article = _el(None, "article", None, cls=f"reportdiff layout-{layout}")
    for child in list(body):
        article.append(child)
    return _serialize(article, doctype=False)


def report_outline_html(report: Report) -> str:
    """A report's outline (parts and sections with ids and roles) as an HTML fragment."""
    root = _el(None, "div", None, cls="reportdiff-outline")
    _el(root, "div", report_name(report, report.source or "report"), cls="outline-title")
    parts = _el(root, "ol", None, cls="parts")
    for top in report.root.children:
        item = _el(parts, "li", None, cls=f"node-{top.kind}")
        _el(item, "code", top.id)
        _append_text(item, " ")
        _el(item, "span", node_label(report, top), cls="label")
        if top.role:
            _el(item, "span", f" [{top.role}]", cls="role")
        sections = [n for n in top.walk() if n.kind == "section"]
        if sections:
            sub = _el(item, "ol", None, cls="sections")
            for section in sections:
                li = _el(sub, "li")
                _el(li, "code", section.id)
                _append_text(li, " " + node_label(report, section))
    return _serialize(root, doctype=False)


def comparison_summary_html(cmp: Comparison) -> str:
    """The summary page (reports, shares, headline goals, terms, sections chart) as a styled fragment."""
    root = _el(None, "div", None, cls="reportdiff")
    _el(root, "style", stylesheet())
    _summary_section(root, cmp, pairs(cmp))
    return _serialize(root, doctype=False)
