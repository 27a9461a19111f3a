"""A multi-year series as Markdown: the timeline tables, text shares, term trajectories and lineage.

Stage: rendering. Input is a ``series.Series``; output is GitHub-flavoured Markdown with one table per
metric (target in the year's report, achieved figure from the next report, met / missed, gap, change
against the previous target), the per-year shares of text changed, the term classes with their
per-year counts and the section threads that span two years or more. Pure string building.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportdiff.render.series_html import (
    CHANGE_LABELS,
    GROUP_LABELS,
    LINK_LABELS,
    OUTCOME_LABELS,
    STATUS_LABELS,
    TERM_CLASS_LABELS,
    fmt_gap,
    fmt_value,
    shown_points,
    streak_text,
    years_text,
)
from reportdiff.series import Series


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out.extend("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)
    return out


def render_series_markdown(s: Series) -> str:
    """The series as Markdown text (ends with a newline)."""
    years = s.years
    lines = [f"# {s.place or ''}政府工作报告 {years[0]}–{years[-1]}：多年对照", ""]
    lines.append(f"{len(s.reports)} 份报告：" + "、".join(str(y) for y in years) + "。")
    lines += ["", "## 目标与完成情况", "",
              "目标取自当年报告，实际值取自次年报告对上年的表述；差距 = 实际 − 目标（百分比指标为百分点）。", ""]
    for m in s.metrics:
        unit = f"（{m.unit}）" if m.unit else ""
        lines += [f"### {m.label}{unit}", "", streak_text(m) + "。", ""]
        rows = []
        for p in shown_points(m):
            if p.status == "target":
                target = fmt_value(p.target)
            else:
                target = STATUS_LABELS[p.status]
                if p.note is not None:
                    target += f"（“{s.report(p.year).text[p.note[0]:p.note[1]]}”）"
            rows.append([str(p.year), target, fmt_value(p.actual) if p.actual else "—",
                         OUTCOME_LABELS.get(p.outcome or "", ""), fmt_gap(p.gap, m.unit),
                         CHANGE_LABELS.get(p.change or "", p.change or "")])
        lines += _table(["年份", "目标", "实际（次年报告）", "结果", "差距", "较上年目标"], rows) + [""]
        quiet = [p.year for p in m.points if p not in shown_points(m)]
        if quiet:
            lines += [f"{years_text(quiet)} 年：无此目标，也无实际值。", ""]
    lines += ["## 逐年文字变化", "", "新报告文字中各部分的比例（按字符）；删除为旧报告中被删去的比例。", ""]
    rows = [[f"{t.old_year}→{t.new_year}", f"{t.changed:.1%}", *(f"{t.shares[k]:.1%}" for k in
             ("unchanged", "reworded", "new", "moved", "dropped")),
             "，".join(f"{LINK_LABELS.get(k, k)} {v}" for k, v in t.section_links.items())] for t in s.transitions]
    lines += _table(["年份", "改写+新增", "未变", "改写", "新增", "移动", "删除", "章节链接"], rows) + [""]
    lines += ["## 词语轨迹", "", "相邻报告之间的对数优势比 z 值（Fightin' Words），|z| ≥ 1.96 为显著变化；"
              f"次数为各年（{years[0]}–{years[-1]}）出现次数。", ""]
    for cls in ("emerging", "fading", "revived", "sustained"):
        rows = [[t.term, str(t.key_year), f"{t.score:+.2f}" if cls != "sustained" else f"{t.score:g}",
                 " ".join(str(c) for c in t.counts)] for t in s.terms if t.cls == cls]
        lines += [f"### {TERM_CLASS_LABELS[cls]}", ""]
        lines += (_table(["词", "关键年份", "z / 总次数", "各年次数"], rows) if rows else ["无"]) + [""]
    lines += ["## 章节脉络", ""]
    long = sorted((t for t in s.threads if len(t.steps) >= 2),
                  key=lambda t: (-len(t.steps), t.first_year, int(t.id[1:])))
    rows = []
    for t in long:
        origin = {"first": "首份报告", "appeared": "新出现", "split": f"拆分自 {t.origin_thread}"}[t.origin]
        ending = {"last": "延续至今", "vanished": "消失", "merged": f"并入 {t.ending_thread}"}[t.ending]
        span = f"{t.first_year}–{t.last_year}"
        rows.append([t.id, GROUP_LABELS.get(t.group, t.group), span, str(len(t.steps)), t.steps[0].title,
                     t.steps[-1].title, str(t.renames), origin, ending])
    lines += _table(["脉络", "部分", "年份", "年数", "首个标题", "最后标题", "改名", "来源", "结局"], rows)
    lines += ["", f"另有 {len(s.threads) - len(long)} 个章节只出现在一年的报告中。", ""]
    return "\n".join(lines)
