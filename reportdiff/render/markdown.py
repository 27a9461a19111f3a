"""The comparison as Markdown: summary, goals table, and an inline redline section by section.

Stage: rendering. Deletions are ``~~struck~~``, insertions ``**bold**``, number changes carry the
old value in brackets ``**6.5%**〔原 7%〕``; every character taken from a report is escaped, so
masks (``**``) and other Markdown syntax in the text stay literal. Uses the same pairs, rows and
marks as the HTML renderer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportdiff.model import Comparison, Edit
from reportdiff.render.layout import (
    CHANGE_LABELS,
    CLASS_LABELS,
    KIND_LABELS,
    OUTCOME_LABELS,
    SHARE_LABELS,
    Context,
    Mark,
    Pair,
    Row,
    build_context,
    class_counts,
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

_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")


def md_escape(text: str) -> str:
    """Text with every Markdown-significant character backslash-escaped and newlines as spaces."""
    return _SPECIAL.sub(r"\\\1", text).replace("\r", "").replace("\n", " ")


def _wrap(text: str, mark: Mark | None, deleted: bool, old_value: str | None = None) -> str:
    body = md_escape(text)
    if not body.strip():
        return body
    if deleted:
        return f"~~{body}~~"
    out = f"**{body}**"
    if old_value is not None:
        out += f"〔原 {md_escape(old_value)}〕"
    return out


def _redline(ctx: Context, row: Row) -> list[str]:
    """One Markdown paragraph per new block of the row (old text where it was cut)."""
    cmp = ctx.cmp
    if not row.new:
        return [_wrap(cmp.old.text[b.start:b.end], None, True) for b in row.old]
    whole_new = row.link is not None and row.link.kind == "new"
    old_spans = [(b.start, b.end) for b in row.old]
    notes = {n.new_start: n.old for n in ctx.notes}
    paragraphs = []
    for block in row.new:
        if whole_new or not row.old:
            paragraphs.append(_wrap(cmp.new.text[block.start:block.end], None, False))
            continue
        events: list[tuple[int, int, Mark | Edit]] = []
        for mark in ctx.new_marks.within(block.start, block.end):
            events.append((max(mark.start, block.start), 1, mark))
        for edit in cmp.edits:
            if (visible(edit) and edit.old_end > edit.old_start and block.start <= edit.new_start <= block.end
                    and any(s <= edit.old_start < e for s, e in old_spans)):
                events.append((edit.new_start, 0, edit))
        events.sort(key=lambda e: (e[0], e[1]))
        out: list[str] = []
        position = block.start
        for at, _, item in events:
            if at < position:
                continue
            out.append(md_escape(cmp.new.text[position:at]))
            position = at
            if isinstance(item, Edit):
                if item.cls == "number" and item.new_end > item.new_start:
                    continue  # shown as the new value with the old one in brackets
                out.append(_wrap(cmp.old.text[item.old_start:item.old_end], None, True))
            else:
                end = min(item.end, block.end)
                minor = "minor" in item.classes
                text = cmp.new.text[at:end]
                out.append(md_escape(text) if minor else _wrap(text, item, False, notes.get(item.start)))
                position = end
        out.append(md_escape(cmp.new.text[position:block.end]))
        paragraphs.append("".join(out))
    return paragraphs


def _heading(cmp: Comparison, pair: Pair) -> str:
    main = (pair.new or pair.old)[0]
    report = cmp.new if pair.new else cmp.old
    title = " / ".join(
        "开头" if u.node.kind == "front" else md_escape(node_label(report, u.node)) for u in (pair.new or pair.old)
    )
    level = "###" if main.node.kind == "section" else "##"
    badge = KIND_LABELS.get(pair.kind, pair.kind)
    if pair.link is not None and pair.kind not in ("new", "dropped"):
        badge += f" {pair.link.score:.2f}"
    line = f"{level} {title} 〔{badge}〕"
    if pair.new and pair.old:
        old_titles = [node_label(cmp.old, u.node) for u in pair.old]
        new_titles = [node_label(cmp.new, u.node) for u in pair.new]
        if old_titles != new_titles and main.node.kind != "front":
            line += "\n\n原：" + " / ".join(md_escape(t) for t in old_titles)
    return line


def _table(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("\n", " ") for cell in row) + " |" for row in body]
    return lines


def render_markdown(cmp: Comparison) -> str:
    """The comparison as Markdown (GitHub flavour): summary, goals, and the redline by section."""
    ctx = build_context(cmp, "inline")
    old_name, new_name = report_name(cmp.old, "上年报告"), report_name(cmp.new, "本年报告")
    lines = [f"# 政府工作报告对比：{md_escape(old_name)} → {md_escape(new_name)}", ""]
    meta_rows = [
        ["地区", md_escape(cmp.old.meta.place or "—"), md_escape(cmp.new.meta.place or "—")],
        ["年份", str(cmp.old.meta.year or "—"), str(cmp.new.meta.year or "—")],
        ["日期", md_escape(cmp.old.meta.date or "—"), md_escape(cmp.new.meta.date or "—")],
        ["会议", md_escape(cmp.old.meta.meeting or "—"), md_escape(cmp.new.meta.meeting or "—")],
    ]
    lines += _table(["", "上年报告", "本年报告"], meta_rows) + [""]
    shares = text_shares(cmp)
    if shares:
        lines.append("变化比例：" + "，".join(f"{SHARE_LABELS[k]} {shares.get(k, 0.0):.1%}" for k in SHARE_LABELS))
        lines.append("")
    counts = class_counts(cmp)
    if counts:
        lines.append("改动处数：" + "，".join(f"{CLASS_LABELS.get(k, k)} {v}" for k, v in sorted(counts.items()) if v))
        lines.append("")
    if cmp.goal_changes:
        lines += ["## 目标对照表", ""]
        body = []
        for change in goal_rows(cmp):
            arrow, label = CHANGE_LABELS.get(change.change, ("·", change.change))
            outcome = OUTCOME_LABELS.get(change.outcome or "", change.outcome or "—")
            body.append([
                md_escape(goal_name(change)), md_escape(format_goal(change.old, cmp.old)),
                md_escape(format_goal(change.actual, cmp.new)), md_escape(format_goal(change.new, cmp.new)),
                f"{arrow} {label}", outcome,
            ])
        lines += _table(["指标", "上年目标", "上年实际", "本年目标", "变化", "上年目标完成"], body) + [""]
    rising = sorted((t for t in cmp.terms if t.z > 0), key=lambda t: (-t.z, t.term))[:10]
    falling = sorted((t for t in cmp.terms if t.z < 0), key=lambda t: (t.z, t.term))[:10]
    if rising or falling:
        lines += ["## 用词升降", ""]
        if rising:
            lines.append("上升：" + "、".join(f"{md_escape(t.term)}（{t.old_count}→{t.new_count}）" for t in rising))
        if falling:
            lines.append("下降：" + "、".join(f"{md_escape(t.term)}（{t.old_count}→{t.new_count}）" for t in falling))
        lines.append("")
    lines += ["## 逐节对比", "", "图例：~~删除~~，**新增**，**新数字**〔原 旧数字〕。", ""]
    for pair in pairs(cmp):
        lines += [_heading(cmp, pair), ""]
        changed, _ = pair_change(cmp, pair)
        lines += [f"改动比例 {changed:.0%}", ""]
        for row in rows(cmp, pair):
            for paragraph in _redline(ctx, row):
                if paragraph.strip():
                    lines += [paragraph, ""]
    return "\n".join(lines).rstrip("\n") + "\n"

