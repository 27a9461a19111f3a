"""Layout of a comparison for every renderer: units, pairs, rows, marks, labels, goal formatting.

Stage: rendering, the part that does not depend on the output format. It decides what is shown
where — which old and new units face each other (``pairs``), which blocks share a row (``rows``),
which edits become which marks (``Context``), how goals and labels read — and builds no markup, so
the HTML renderer (lxml) and the Markdown renderer share it without Markdown importing lxml.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from reportdiff.model import Comparison, Edit, Goal, GoalChange, Link, Node, Report

LAYOUTS: tuple[str, ...] = ("side-by-side", "inline")

Side = Literal["old", "new"]

KIND_LABELS: dict[str, str] = {
    "same": "相同", "renamed": "改名", "moved": "移动", "split": "拆分", "merge": "合并",
    "new": "新增", "dropped": "删除", "followed_up": "跟进",
}

CLASS_LABELS: dict[str, str] = {
    "number": "数字变化", "masked": "隐去（遮蔽）", "wording": "措辞强度", "punctuation": "标点",
    "whitespace": "空白", "text": "文字", "moved": "移动",
}

SHARE_LABELS: dict[str, str] = {
    "unchanged": "未变", "reworded": "改写", "new": "新增", "dropped": "删除", "moved": "移动",
}

ROLE_LABELS: dict[str, str] = {
    "front": "开头", "review": "工作回顾", "outlook": "今后展望", "requirements": "总体要求",
    "plan": "工作安排", "self_building": "政府自身建设", "closing": "结语", "glossary": "名词解释",
    "appendix": "附件", "other": "其他",
}

CHANGE_LABELS: dict[str, tuple[str, str]] = {
    "raised": ("↑", "上调"), "lowered": ("↓", "下调"), "unchanged": ("→", "持平"),
    "new": ("＋", "新增"), "dropped": ("×", "删除"), "qualifier_changed": ("～", "限定词变化"),
    "strength_changed": ("～", "措辞强度变化"), "wording": ("～", "措辞变化"),
}

OUTCOME_LABELS: dict[str, str] = {"met": "达成", "missed": "未达成", "unknown": "未知"}

MINOR_CLASSES = frozenset({"punctuation", "whitespace"})

def report_name(report: Report, fallback: str) -> str:
    """A short human name: 广安市2023年政府工作报告, else the title, else the source file name."""
    meta = report.meta
    if meta.place and meta.year:
        return f"{meta.place}{meta.year}年政府工作报告"
    if meta.title:
        return meta.title
    if report.source:
        return report.source.replace("\\", "/").rsplit("/", 1)[-1]
    return fallback

def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"

def node_label(report: Report, node: Node) -> str:
    """A heading for a node: its title, else the start of its text."""
    if node.title:
        return node.title
    body = report.text[node.start:node.end].strip()
    return clip(body.splitlines()[0] if body else node.id, 24)

@dataclass(frozen=True)
class Unit:
    """A piece of one report rendered as a whole: a section, the body of a part outside its
    sections, or the front matter. ``blocks`` are the blocks that belong to it."""

    side: Side
    node: Node
    part: Node | None
    blocks: tuple[Node, ...]
    order: int

    @property
    def anchor(self) -> str:
        return f"{self.side[0]}-{self.node.id}"

@dataclass(frozen=True)
class Pair:
    """Old units and new units rendered together, with the link that joins them (None when the
    units were not aligned, e.g. front matter)."""

    old: tuple[Unit, ...]
    new: tuple[Unit, ...]
    link: Link | None

    @property
    def kind(self) -> str:
        if self.link is not None:
            return self.link.kind
        return "new" if not self.old else "dropped" if not self.new else "same"

    @property
    def anchor(self) -> str:
        return (self.new or self.old)[0].anchor

def blocks_under(node: Node, *, stop: frozenset[str] = frozenset()) -> list[Node]:
    out: list[Node] = []

    def visit(n: Node) -> None:
        for child in n.children:
            if child.kind == "block":
                out.append(child)
            elif child.id not in stop:
                visit(child)

    visit(node)
    return out

def units(report: Report, side: Side) -> list[Unit]:
    """The units of a report in document order: front matter, then for each part its own body
    (blocks outside sections, when any, or the whole part when it has no sections), then its sections."""
    result: list[Unit] = []
    for top in report.root.children:
        if top.kind == "front":
            result.append(Unit(side, top, None, tuple(blocks_under(top)), len(result)))
            continue
        if top.kind == "section":  # a section directly under the root (no parts)
            result.append(Unit(side, top, None, tuple(blocks_under(top)), len(result)))
            continue
        if top.kind != "part":
            continue
        sections = [n for n in top.walk() if n.kind == "section"]
        section_ids = frozenset(s.id for s in sections)
        own = blocks_under(top, stop=section_ids)
        if own or not sections:
            result.append(Unit(side, top, top, tuple(own), len(result)))
        for section in sections:
            result.append(Unit(side, section, top, tuple(blocks_under(section)), len(result)))
    return result

def pairs(cmp: Comparison) -> list[Pair]:
    """Pairs of units in the new report's order; old units without a partner (dropped) come right
    after the pair holding the old unit that precedes them."""
    old_units = units(cmp.old, "old")
    new_units = units(cmp.new, "new")
    old_by_node = {u.node.id: u for u in old_units}
    new_by_node = {u.node.id: u for u in new_units}
    result: list[Pair] = []
    used_old: set[str] = set()
    used_new: set[str] = set()
    for link in cmp.links:
        if link.level not in ("section", "part"):
            continue
        olds = tuple(old_by_node[i] for i in link.old if i in old_by_node and i not in used_old)
        news = tuple(new_by_node[i] for i in link.new if i in new_by_node and i not in used_new)
        if not olds and not news:
            continue
        used_old.update(u.node.id for u in olds)
        used_new.update(u.node.id for u in news)
        result.append(Pair(olds, news, link))
    # front matter and anything the alignment left out: pair by node id when both sides have it
    for unit in new_units:
        if unit.node.id in used_new:
            continue
        partner = old_by_node.get(unit.node.id) if unit.node.kind == "front" else None
        olds = (partner,) if partner is not None and partner.node.id not in used_old else ()
        used_old.update(u.node.id for u in olds)
        used_new.add(unit.node.id)
        result.append(Pair(olds, (unit,), None))
    for unit in old_units:
        if unit.node.id not in used_old:
            used_old.add(unit.node.id)
            result.append(Pair((unit,), (), None))
    with_new = sorted((p for p in result if p.new), key=lambda p: min(u.order for u in p.new))
    dropped = sorted((p for p in result if not p.new), key=lambda p: min(u.order for u in p.old))
    ordered: list[Pair] = []
    for pair in with_new:
        ordered.append(pair)
    for pair in dropped:
        first_old = min(u.order for u in pair.old)
        position = 0
        for index, other in enumerate(ordered):
            if other.old and min(u.order for u in other.old) < first_old:
                position = index + 1
        ordered.insert(position, pair)
    return ordered

@dataclass(frozen=True)
class Mark:
    """A highlighted range of one side's text."""

    start: int
    end: int
    tag: str
    classes: str
    title: str = ""
    note: int | None = None
    href: str | None = None

@dataclass
class Marks:
    """Non-overlapping marks of one side, sorted by start."""

    items: list[Mark] = field(default_factory=list)

    def within(self, start: int, end: int) -> list[Mark]:
        return [m for m in self.items if m.start < end and m.end > start]

@dataclass(frozen=True)
class Note:
    """A margin note: a number change ``old → new``."""

    number: int
    old: str
    new: str
    old_start: int
    new_start: int

@dataclass
class Context:
    """Everything the section renderers share: the comparison, marks, notes and anchors."""

    cmp: Comparison
    layout: str
    old_marks: Marks
    new_marks: Marks
    notes: list[Note]
    anchor_of_old: dict[str, str]
    anchor_of_new: dict[str, str]
    label_of_anchor: dict[str, str]

def visible(edit: Edit) -> bool:
    """Edits shown as marks: every non-equal edit, and unchanged text that moved."""
    return edit.cls == "moved" or (edit.op != "equal" and edit.cls != "equal")

def unit_of_nodes(report: Report, unit_list: Sequence[Unit]) -> dict[str, str]:
    """node id → anchor of the unit holding it, for every node of the report."""
    anchor: dict[str, str] = {}
    for unit in unit_list:
        for node in unit.node.walk():
            anchor.setdefault(node.id, unit.anchor)
        for block in unit.blocks:
            for node in block.walk():
                anchor[node.id] = unit.anchor
    for unit in unit_list:
        anchor[unit.node.id] = unit.anchor
    return anchor

def anchor_at(report: Report, unit_list: Sequence[Unit], offset: int) -> str | None:
    best: Unit | None = None
    for unit in unit_list:
        spans = [(b.start, b.end) for b in unit.blocks] or [(unit.node.start, unit.node.end)]
        if any(s <= offset < e for s, e in spans):
            best = unit
    return best.anchor if best else None

def build_context(cmp: Comparison, layout: str) -> Context:
    old_units = units(cmp.old, "old")
    new_units = units(cmp.new, "new")
    anchor_of_old = unit_of_nodes(cmp.old, old_units)
    anchor_of_new = unit_of_nodes(cmp.new, new_units)
    labels = {u.anchor: node_label(cmp.old, u.node) for u in old_units}
    labels.update({u.anchor: node_label(cmp.new, u.node) for u in new_units})
    old_items: list[Mark] = []
    new_items: list[Mark] = []
    notes: list[Note] = []
    for edit in sorted((e for e in cmp.edits if visible(e)), key=lambda e: (e.new_start, e.old_start)):
        old_text = cmp.old.text[edit.old_start:edit.old_end]
        new_text = cmp.new.text[edit.new_start:edit.new_end]
        minor = " minor" if edit.cls in MINOR_CLASSES else ""
        title = CLASS_LABELS.get(edit.cls, edit.cls)
        note: int | None = None
        if edit.cls == "number" and old_text and new_text:
            note = len(notes) + 1
            notes.append(Note(note, old_text, new_text, edit.old_start, edit.new_start))
            title = f"{old_text} → {new_text}"
        old_href = new_href = None
        if edit.cls == "moved":
            link = cmp.links[edit.link] if 0 <= edit.link < len(cmp.links) else None
            if link is not None and link.new:
                old_href = anchor_of_new.get(link.new[0])
            if link is not None and link.old:
                new_href = anchor_of_old.get(link.old[0])
            if old_href is None and edit.new_end > edit.new_start:
                old_href = anchor_at(cmp.new, new_units, edit.new_start)
            if new_href is None and edit.old_end > edit.old_start:
                new_href = anchor_at(cmp.old, old_units, edit.old_start)
        if edit.old_end > edit.old_start:
            old_items.append(Mark(edit.old_start, edit.old_end, "del", f"c-{edit.cls}{minor}", title, note, old_href))
        if edit.new_end > edit.new_start:
            new_items.append(Mark(edit.new_start, edit.new_end, "ins", f"c-{edit.cls}{minor}", title, note, new_href))
    return Context(
        cmp, layout, Marks(merge_adjacent(non_overlapping(old_items))),
        Marks(merge_adjacent(non_overlapping(new_items))), notes,
        anchor_of_old, anchor_of_new, labels,
    )

def non_overlapping(items: Iterable[Mark]) -> list[Mark]:
    result: list[Mark] = []
    for mark in sorted(items, key=lambda m: (m.start, -m.end)):
        if result and mark.start < result[-1].end:
            continue
        result.append(mark)
    return result

def merge_adjacent(items: Sequence[Mark]) -> list[Mark]:
    """Join marks that touch and look the same (tag, classes, title, link; no margin note) into one:
    the word diff often cuts one changed phrase into several edits, and each inline element costs
    WeasyPrint a box and a text layout of its own (a third of the marks of a real comparison)."""
    result: list[Mark] = []
    for mark in items:
        last = result[-1] if result else None
        if (last is not None and last.end == mark.start and last.note is None and mark.note is None
                and (last.tag, last.classes, last.title, last.href) == (mark.tag, mark.classes, mark.title, mark.href)):
            result[-1] = Mark(last.start, mark.end, last.tag, last.classes, last.title, None, last.href)
        else:
            result.append(mark)
    return result

@dataclass(frozen=True)
class Row:
    """Blocks shown side by side: old blocks, new blocks, the block link (None: not block-aligned)."""

    old: tuple[Node, ...]
    new: tuple[Node, ...]
    link: Link | None

def rows(cmp: Comparison, pair: Pair) -> list[Row]:
    """The block rows of a pair: new blocks in order, each with its linked old blocks of the pair;
    old blocks without a partner here are placed before the next row whose old blocks follow them.
    Without any block link inside the pair, one row holds all old and all new blocks."""
    old_blocks = [b for u in pair.old for b in u.blocks]
    new_blocks = [b for u in pair.new for b in u.blocks]
    old_ids = {b.id: i for i, b in enumerate(old_blocks)}
    new_ids = {b.id: i for i, b in enumerate(new_blocks)}
    link_of_old: dict[str, Link] = {}
    link_of_new: dict[str, Link] = {}
    for link in cmp.links:
        if link.level != "block":
            continue
        for i in link.old:
            if i in old_ids:
                link_of_old[i] = link
        for i in link.new:
            if i in new_ids:
                link_of_new[i] = link
    if not link_of_old and not link_of_new:
        if not old_blocks and not new_blocks:
            return []
        return [Row(tuple(old_blocks), tuple(new_blocks), None)]
    result: list[Row] = []
    emitted_old: set[str] = set()
    emitted_links: set[int] = set()

    def flush_old(before: int) -> None:
        for index, block in enumerate(old_blocks):
            if index >= before:
                break
            if block.id in emitted_old:
                continue
            link = link_of_old.get(block.id)
            if link is not None and any(n in new_ids for n in link.new):
                continue  # shown with its new partner
            emitted_old.add(block.id)
            result.append(Row((block,), (), link))

    for block in new_blocks:
        found = link_of_new.get(block.id)
        if found is not None and id(found) in emitted_links:
            continue
        if found is None:
            result.append(Row((), (block,), None))
            continue
        emitted_links.add(id(found))
        olds = tuple(old_blocks[old_ids[i]] for i in found.old if i in old_ids and i not in emitted_old)
        news = tuple(new_blocks[new_ids[i]] for i in found.new if i in new_ids)
        if olds:
            flush_old(min(old_ids[b.id] for b in olds))
        emitted_old.update(b.id for b in olds)
        result.append(Row(olds, news, found))
    flush_old(len(old_blocks))
    return result

def text_shares(cmp: Comparison) -> dict[str, float]:
    raw = cmp.summary.get("shares")
    shares: dict[str, float] = {}
    if isinstance(raw, dict):
        for key in SHARE_LABELS:
            value = raw.get(key)
            if isinstance(value, int | float):
                shares[key] = float(value)
    return shares

def class_counts(cmp: Comparison) -> dict[str, int]:
    for key in ("classes", "counts"):
        raw = cmp.summary.get(key)
        if isinstance(raw, dict):
            return {str(k): int(v) for k, v in raw.items() if isinstance(v, int | float)}
    counts: dict[str, int] = {}
    for edit in cmp.edits:
        if visible(edit):
            counts[edit.cls] = counts.get(edit.cls, 0) + 1
    return counts

def pair_change(cmp: Comparison, pair: Pair) -> tuple[float, dict[str, float]]:
    """Share of a pair's characters (old + new) inside visible edits, with the split by kind."""
    old_spans = [(b.start, b.end) for u in pair.old for b in (u.blocks or (u.node,))]
    new_spans = [(b.start, b.end) for u in pair.new for b in (u.blocks or (u.node,))]
    total = sum(e - s for s, e in old_spans) + sum(e - s for s, e in new_spans)
    if total <= 0:
        return 0.0, {}
    if not pair.old:
        return 1.0, {"new": 1.0}
    if not pair.new:
        return 1.0, {"dropped": 1.0}
    by_kind: dict[str, float] = {}

    def overlap(spans: list[tuple[int, int]], start: int, end: int) -> int:
        return sum(max(0, min(end, e) - max(start, s)) for s, e in spans)

    old_lo, old_hi = min(s for s, _ in old_spans), max(e for _, e in old_spans)
    new_lo, new_hi = min(s for s, _ in new_spans), max(e for _, e in new_spans)
    for edit in cmp.edits:
        if (edit.old_end <= old_lo or edit.old_start >= old_hi) and (edit.new_end <= new_lo or edit.new_start >= new_hi):
            continue  # outside the pair on both sides: adds nothing (a cheap test first: pairs × edits)
        if not visible(edit) or edit.cls in MINOR_CLASSES or edit.cls == "masked":
            continue
        kind = "moved" if edit.cls == "moved" else "reworded"
        chars = overlap(old_spans, edit.old_start, edit.old_end) + overlap(new_spans, edit.new_start, edit.new_end)
        if chars:
            by_kind[kind] = by_kind.get(kind, 0.0) + chars / total
    changed = min(1.0, sum(by_kind.values()))
    return changed, by_kind

def format_goal(goal: Goal | None, report: Report | None = None) -> str:
    """A goal's value as a reader writes it: 增长 6.5%左右, 100 亿元以上, ＊（隐去）, —."""
    if goal is None:
        return "—"
    if goal.low is None and goal.high is None:
        if goal.masked:
            return "＊（隐去）"
        if report is not None:
            return clip(report.text[goal.start:goal.end], 24)
        return goal.direction or "—"
    low = goal.low if goal.low is not None else goal.high
    high = goal.high if goal.high is not None else goal.low
    value = f"{low:g}" if low == high else f"{low:g}–{high:g}"
    unit = goal.unit or ""
    direction = goal.direction if goal.direction and goal.direction not in ("其他", "other") else ""
    strength = goal.strength or ""
    text = f"{strength}{direction} {value}{unit}{goal.qualifier or ''}".strip()
    return text + ("（预计）" if goal.estimated else "")

DETAIL_PREFIXES: dict[str, str] = {
    "qualifier_changed": "限定词", "strength_changed": "措辞强度", "unit_changed": "单位",
    "direction_changed": "表述", "wording": "措辞",
}

DETAIL_TEXTS: dict[str, str] = {"lower is stricter for this metric": "该指标越低越严格"}

def detail_text(detail: str) -> str:
    """A goal-change detail for readers: known English keys translated, internal scores dropped."""
    if detail.startswith("similarity"):
        return ""
    if detail in DETAIL_TEXTS:
        return DETAIL_TEXTS[detail]
    key, sep, rest = detail.partition(":")
    if sep and key.strip() in DETAIL_PREFIXES:
        return f"{DETAIL_PREFIXES[key.strip()]}：{rest.strip()}"
    return detail

def goal_name(change: GoalChange) -> str:
    for goal in (change.new, change.old, change.actual):
        if goal is not None and goal.metric_text:
            return goal.metric_text
    return change.metric

def goal_rows(cmp: Comparison) -> list[GoalChange]:
    """Goal changes with the headline targets first (kind target), commitments after."""
    def key(change: GoalChange) -> tuple[int, int]:
        goal = change.new or change.old or change.actual
        kind_rank = 0 if goal is not None and goal.kind == "target" else 1
        position = goal.start if goal is not None else 0
        return (kind_rank + (0 if change.new is not None else 2), position)
    return sorted(cmp.goal_changes, key=key)
